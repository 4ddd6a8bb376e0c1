// Translation helpers for the annotation screen's modules. Django's JavaScript catalog (the
// `jsi18n` view, loaded before the modules) defines the globals `gettext`, `ngettext` and
// `interpolate`; without it every string is shown as written (English).

export const t = (text) => (typeof globalThis.gettext === "function" ? globalThis.gettext(text) : text);

export const tn = (singular, plural, count) =>
  typeof globalThis.ngettext === "function" ? globalThis.ngettext(singular, plural, count) : count === 1 ? singular : plural;

/** `fmt(t("%(user)s changed %(node)s"), {user, node})`: named placeholders, as Django's interpolate. */
export const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? String(values[key]) : ""));
