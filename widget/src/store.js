// The conversation of this tab, kept in sessionStorage only: the browser drops it when
// the tab is closed. Nothing goes to localStorage or cookies.
const KEY = "france-victimes-chat";

export function emptyState() {
  return { token: null, lastSeen: null, seen: [], transcript: [], outbox: [] };
}

export function loadState() {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    return saved && Array.isArray(saved.transcript) ? { ...emptyState(), ...saved } : emptyState();
  } catch {
    return emptyState(); // storage blocked or unreadable: keep it in memory
  }
}

export function saveState(state) {
  try {
    window.sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage blocked or full: the conversation still lives in memory
  }
}

export function clearStorage() {
  try {
    window.sessionStorage.clear();
  } catch {
    // nothing stored
  }
}
