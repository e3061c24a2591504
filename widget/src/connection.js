// The socket.io session: server-made session id, messages sent until acknowledged,
// bot messages shown once each (by id), missed ones replayed by the server on reconnection.
import { io } from "socket.io-client";

import { saveState } from "./store.js";

const MAX_SEEN = 500;

export class Connection {
  /**
   * @param {string} server the assistant's URL
   * @param {object} state the tab's state (see store.js), updated in place
   * @param {object} on callbacks: session(info), bot(message), status(name), idle()
   */
  constructor(server, state, on) {
    this.state = state;
    this.on = on;
    this.ready = false;
    this.socket = io(server, {
      path: "/socket.io",
      transports: ["websocket", "polling"],
      reconnectionDelayMax: 5000,
      withCredentials: false,
    });
    this.socket.on("connect", () => {
      this.socket.emit("session_request", {
        session_id: this.state.token,
        last_seen: this.state.lastSeen,
      });
    });
    this.socket.on("session_confirm", (info) => this.confirmed(info));
    this.socket.on("bot_uttered", (message) => this.received(message));
    this.socket.on("message_ack", ({ message_id: id }) => this.acknowledged(id));
    this.socket.on("disconnect", () => {
      this.ready = false;
      this.on.status("reconnecting");
    });
  }

  confirmed(info) {
    if (!info.resumed) {
      // A new conversation on the server: forget the ids of the previous one.
      this.state.lastSeen = null;
      this.state.seen = [];
    }
    this.state.token = info.session_id;
    this.ready = true;
    saveState(this.state);
    this.on.session(info);
    this.on.status("connected");
    this.state.outbox.forEach((item) => this.emit(item));
  }

  received(message) {
    if (message.id !== undefined) {
      if (this.state.seen.includes(message.id)) return;
      this.state.seen = [...this.state.seen, message.id].slice(-MAX_SEEN);
      this.state.lastSeen = Math.max(this.state.lastSeen ?? message.id, message.id);
    }
    this.on.bot(message);
  }

  acknowledged(id) {
    this.state.outbox = this.state.outbox.filter((item) => item.message_id !== id);
    saveState(this.state);
    if (this.state.outbox.length === 0) this.on.idle();
  }

  /** Send a message; it is sent again after a cut until the server acknowledges it. */
  send(text) {
    const item = { message_id: newId(), message: text };
    this.state.outbox.push(item);
    saveState(this.state);
    if (this.ready) this.emit(item);
  }

  emit(item) {
    this.socket.emit("user_uttered", item);
  }

  get busy() {
    return this.state.outbox.length > 0;
  }

  /** Disconnect for good, silently (the widget is cleared or left). */
  close() {
    this.socket.off();
    this.socket.disconnect();
  }
}

function newId() {
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
