"""The admin's pipeline-evaluation page renders the selector's figures, linked from the map's admin page."""

from django.test import Client
from django.urls import reverse

from tests.argmap.selectors.test_pipeline_evaluation import scene  # noqa: F401 (fixture)
from tests.factories import UserFactory


def staff(user):
    type(user).objects.filter(pk=user.pk).update(is_staff=True)
    client = Client()
    client.force_login(type(user).objects.get(pk=user.pk))
    return client


def test_the_page_shows_the_hand_computed_figures_and_the_map_links_it(scene, owner):  # noqa: F811
    client = staff(owner)
    page = reverse("admin:argmap_map_pipeline_evaluation", args=[scene.pk])
    assert page in client.get(reverse("admin:argmap_argumentmap_change", args=[scene.pk])).content.decode()
    response = client.get(page)  # the only pipeline that sent a batch is chosen
    assert response.status_code == 200
    assert response.context["pipelines"] == ["markers"]
    rows = {(row["part"], row["criterion"]): row for row in response.context["rows"]}
    assert rows[("Spans", "overlap")]["true_positives"] == 2
    assert rows[("Relations", "exact")]["true_positives"] == 0
    assert "0.667" in response.content.decode()


def test_an_outsider_is_sent_away_without_the_figures(scene):  # noqa: F811
    response = staff(UserFactory(username="stranger")).get(
        reverse("admin:argmap_map_pipeline_evaluation", args=[scene.pk])
    )
    assert response.status_code == 302 and b"markers" not in response.content


def test_a_japanese_user_reads_the_page_in_japanese(scene, owner):  # noqa: F811
    client = staff(owner)
    page = reverse("admin:argmap_map_pipeline_evaluation", args=[scene.pk])
    japanese = client.get(page, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert f"パイプライン評価：{scene.name}" in japanese and "パイプライン評価</div>" in japanese
    assert ">範囲と種類<" in japanese and ">完全一致<" in japanese and ">適合率<" in japanese
    assert "正解：評価対象の文書でチームが承認した言明" in japanese  # the selector's definition, translated
    assert "Spans with their kind" not in japanese and "Gold:" not in japanese
    english = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">Spans with their kind<" in english and "Gold: the statements" in english
