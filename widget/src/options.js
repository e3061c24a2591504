// The options of the <script> tag (data- attributes), checked.
import { TEXT } from "./strings.js";

const DEFAULT_COLOR = "#1d4f91";
const DEFAULT_EXIT_URL = "https://meteofrance.com/";

/** Options from `<script src=".../widget.js" data-title="..." ...>`. */
export function readOptions(script) {
  const data = script ? script.dataset : {};
  const scriptUrl = script && script.src ? new URL(script.src, window.location.href) : null;
  const color = /^#[0-9a-f]{6}$/i.test(data.color || "") ? data.color : DEFAULT_COLOR;
  return {
    server: (data.server || (scriptUrl ? scriptUrl.origin : window.location.origin)).replace(/\/+$/, ""),
    title: (data.title || TEXT.defaultTitle).slice(0, 80),
    color,
    colorText: readableTextOn(color),
    exitUrl: safeUrl(data.exitUrl) || DEFAULT_EXIT_URL,
    open: data.open === "true",
  };
}

/** Only http(s) addresses: never `javascript:` or `data:`. */
function safeUrl(value) {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function luminance(hex) {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** White or near-black, whichever reads better on `hex` (WCAG contrast). */
export function readableTextOn(hex) {
  const background = luminance(hex);
  const onWhite = 1.05 / (background + 0.05);
  const onDark = (background + 0.05) / (luminance("#111111") + 0.05);
  return onWhite >= onDark ? "#ffffff" : "#111111";
}
