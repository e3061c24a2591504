// How each kind of bot message is shown: text with the phone numbers as links, buttons,
// reception sites (contract §4), handoff statuses (contract §5).
import { externalLink, h } from "./dom.js";
import { TEXT } from "./strings.js";

/** Phone numbers known to the server (resources.yml), longest first, as a RegExp. */
export function numberPattern(numbers) {
  if (!numbers.length) return null;
  const alternatives = [...numbers]
    .sort((a, b) => b.number.length - a.number.length)
    .map(({ number }) => {
      const digits = number.replace(/[^\d+]/g, "");
      const spaced = number.replace(/\+/g, "\\+").replace(/ /g, "[\\s\\u00a0]");
      // A short number only where it is a number to call ("appelez le 17", "danger :
      // 17 ou 112"), never in "à 17 h" or "17 ans".
      return digits.length <= 3 ? `(?<=(?:\\b(?:le|au|du|ou|et)|:)[\\s\\u00a0])${spaced}` : spaced;
    });
  return new RegExp(`(?<![\\d+])(?:${alternatives.join("|")})(?![\\d]|[\\s\\u00a0]?(?:h\\b|ans\\b))`, "g");
}

function numberLink(entry, large) {
  const text = large ? (entry.sms ? TEXT.sms(entry.number) : TEXT.call(entry.number)) : entry.number;
  return h("a", { href: entry.href, text, class: large ? "fv-urgent-link" : "fv-number" });
}

/** The text, line by line, with known numbers as tel:/sms: links; and the urgent ones found. */
export function renderText(text, numbers, pattern) {
  const paragraph = h("p", { class: "fv-text" });
  const urgent = [];
  text.split("\n").forEach((line, index) => {
    if (index > 0) paragraph.append(h("br"));
    let last = 0;
    for (const match of pattern ? line.matchAll(pattern) : []) {
      const entry = numbers.find((n) => n.number.replace(/\s/g, "") === match[0].replace(/\s/g, ""));
      paragraph.append(line.slice(last, match.index), numberLink(entry, false));
      if (entry.urgent && !urgent.includes(entry)) urgent.push(entry);
      last = match.index + match[0].length;
    }
    paragraph.append(line.slice(last));
  });
  return { paragraph, urgent };
}

export function renderUrgent(entries) {
  return h("div", { class: "fv-urgent", role: "group", "aria-label": TEXT.urgentTitle }, [
    h("p", { class: "fv-urgent-title", text: TEXT.urgentTitle }),
    ...entries.map((entry) => numberLink(entry, true)),
  ]);
}

export function renderButtons(buttons, choose) {
  return h(
    "div",
    { class: "fv-buttons", role: "group", "aria-label": TEXT.choices },
    buttons.map((button) =>
      h("button", {
        type: "button",
        class: "fv-choice",
        text: button.title,
        onclick: () => choose(button),
      }),
    ),
  );
}

function formatKm(km) {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(km);
}

function siteCard(site) {
  const place = [site.address, [site.postal_code, site.city].filter(Boolean).join(" ")]
    .filter(Boolean)
    .join(", ");
  const phoneDigits = (site.phone || "").replace(/[^\d+]/g, "");
  const hasPosition = Number.isFinite(site.lat) && Number.isFinite(site.lon);
  const map =
    `https://www.openstreetmap.org/?mlat=${site.lat}&mlon=${site.lon}` +
    `#map=16/${site.lat}/${site.lon}`;
  const distance =
    typeof site.distance_km === "number"
      ? (site.location_precision === "commune" ? TEXT.distanceTown : TEXT.distance)(
          formatKm(site.distance_km),
        )
      : null;
  return h("li", { class: "fv-site" }, [
    h("p", { class: "fv-site-name", text: site.name }),
    site.association && site.association !== site.name
      ? h("p", { class: "fv-site-association", text: site.association })
      : "",
    place ? h("p", { class: "fv-site-address", text: place }) : "",
    distance ? h("p", { class: "fv-site-distance", text: distance }) : "",
    h("p", { class: "fv-site-actions" }, [
      phoneDigits
        ? h("a", { href: `tel:${phoneDigits}`, class: "fv-site-phone", text: TEXT.call(site.phone) })
        : "",
      hasPosition
        ? externalLink(map, TEXT.map, TEXT.mapLabel(site.name))
        : "",
    ]),
  ]);
}

/**
 * A sites answer's text around its numbered list of sites, which the cards replace:
 * [the lines before the list, the lines after it].
 */
export function textAroundList(text) {
  const lines = text.split("\n");
  const isItem = (line) => /^\d+\. /.test(line);
  const first = lines.findIndex(isItem);
  if (first < 0) return [text, ""];
  const rest = lines.slice(first).filter((line) => !isItem(line));
  return [lines.slice(0, first).join("\n"), rest.join("\n")];
}

/** The sites payload (contract §4) as a list of cards. */
export function renderSites(payload) {
  const sites = Array.isArray(payload.sites) ? payload.sites : [];
  if (!sites.length) return null;
  return h("ul", { class: "fv-sites", "aria-label": TEXT.sitesTitle }, sites.map(siteCard));
}

/** A handoff status (contract §5), or null for an unknown one. */
export function renderHandoff(status) {
  const text = TEXT.handoff[status];
  return text ? h("p", { class: `fv-handoff fv-handoff-${status}`, text }) : null;
}
