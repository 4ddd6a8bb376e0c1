from __future__ import annotations

import graphene

from argmap import models
from argmap.selectors import relations
from argmap.selectors.access import visible_schemes_for

from ..core.node import Node, VisibleNodeType
from ..core.types import list_of, load_fk, load_many


class Scheme(VisibleNodeType):
    """An argumentation scheme (Walton) that an inference or conflict can instantiate."""

    class Meta:
        model = models.Scheme
        interfaces = (Node,)
        fields = ("id", "key", "name", "name_ja", "applies_to", "description", "conclusion_template", "version")

    premise_templates = graphene.List(graphene.NonNull(graphene.String), required=True)
    critical_questions = list_of("api.graphql.scheme.types.CriticalQuestion", "In the scheme's order.")

    @classmethod
    def visible_for(cls, user):
        return visible_schemes_for(user)

    @staticmethod
    def resolve_premise_templates(root, info):
        return [str(template) for template in root.premise_templates or []]

    @staticmethod
    def resolve_critical_questions(root, info):
        return load_many(info, relations.critical_questions_of, root.pk)


class CriticalQuestion(VisibleNodeType):
    """A question that tests an application of the scheme."""

    class Meta:
        model = models.CriticalQuestion
        interfaces = (Node,)
        fields = ("id", "position", "key", "text", "text_ja", "version")

    scheme = graphene.Field(Scheme, required=True)

    @classmethod
    def visible_for(cls, user):
        return models.CriticalQuestion.objects.filter(scheme__in=visible_schemes_for(user))

    @staticmethod
    def resolve_scheme(root, info):
        return load_fk(info, models.Scheme, root.scheme_id)
