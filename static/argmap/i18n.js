// Translation helpers for the annotation screen's modules. Django's JavaScript catalog (the
// `jsi18n` view, loaded before the modules) defines the globals `gettext`, `ngettext` and
// `interpolate`; without it every string is shown as written (English).

export const t = (text) => (typeof globalThis.gettext === "function" ? globalThis.gettext(text) : text);

export const tn = (singular, plural, count) =>
  typeof globalThis.ngettext === "function" ? globalThis.ngettext(singular, plural, count) : count === 1 ? singular : plural;

/** `fmt(t("%(user)s changed %(node)s"), {user, node})`: named placeholders, as Django's interpolate. */
export const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));

/** A data row's field in the page's language (`<html lang>`): `local(scheme, "name")` is `scheme.name_ja` on a
 * Japanese page when the data has it, else `scheme.name`. The templates' `in_language` filter is the same rule. */
export const local = (row, field) => {
  const language = (document.documentElement.lang || "en").split("-")[0];
  return (language !== "en" && row[`${field}_${language}`]) || row[field];
};

const gettext_noop = (text) => text;

/** The domain's words the modules show from data (kinds, review statuses, roles, node types, conflict kinds,
 * agreement), marked here once so that makemessages finds them; shown with `t(value)`. */
export const DATA_WORDS = [
  gettext_noop("claim"), gettext_noop("premise"), gettext_noop("rebuttal"), gettext_noop("evidence"),
  gettext_noop("draft"), gettext_noop("proposed"), gettext_noop("accepted"), gettext_noop("rejected"),
  gettext_noop("owner"), gettext_noop("editor"), gettext_noop("annotator"), gettext_noop("reviewer"),
  gettext_noop("viewer"), gettext_noop("reader"), gettext_noop("inference"), gettext_noop("conflict"),
  gettext_noop("attack"), gettext_noop("rebut"), gettext_noop("undermine"), gettext_noop("undercut"),
  gettext_noop("agree"), gettext_noop("disagree"), gettext_noop("unsure"),
];
