// The one way this widget builds HTML: elements, attributes and textContent, never
// innerHTML, so that no text (the person's or the bot's) is ever read as markup.

/**
 * @param {string} tag
 * @param {object} [attributes] attribute values; `text` sets textContent, `on*` adds listeners
 * @param {Array<Node|string>} [children]
 */
export function h(tag, attributes = {}, children = []) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...children);
  return element;
}

/** A link that opens in a new tab without giving the new page any access to this one. */
export function externalLink(href, text, label) {
  return h("a", {
    href,
    text,
    target: "_blank",
    rel: "noopener noreferrer",
    "aria-label": label,
  });
}
