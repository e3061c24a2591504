// Every text the person reads, in one place: plain French, with "vous".
export const TEXT = {
  defaultTitle: "Aide aux victimes",
  botStatus: "Assistant automatique",
  open: "Discuter avec l'assistant",
  minimise: "Réduire la fenêtre",
  quickExit: "Quitter rapidement",
  quickExitHint: "Vous pouvez aussi appuyer 3 fois sur la touche Échap.",
  clear: "Effacer la conversation",
  cleared: "La conversation a été effacée de cet écran. Vous pouvez en commencer une nouvelle.",
  noticeTitle: "À savoir avant de commencer",
  noticeBot:
    "Je suis un assistant automatique, pas une personne. Je peux vous orienter vers " +
    "des professionnels qui vous écouteront.",
  noticeKept: (duration) =>
    `Vos messages sont conservés sur notre serveur ${duration} après votre dernier ` +
    "message, puis effacés. Ils ne servent qu'à poursuivre cette conversation.",
  noticeKeptMemory:
    "Vos messages sont conservés sur notre serveur jusqu'à son prochain redémarrage, " +
    "puis effacés. Ils ne servent qu'à poursuivre cette conversation.",
  noticeBrowser:
    "Rien n'est gardé dans ce navigateur une fois l'onglet fermé. Le bouton «\u00a0Effacer la " +
    "conversation\u00a0» la retire aussi de cet écran.",
  noticeExit:
    "Pour quitter ce site très vite\u00a0: le bouton «\u00a0Quitter rapidement\u00a0», ou 3 appuis sur " +
    "la touche Échap.",
  noticeDanger: (police, europe, sms) =>
    `En cas de danger immédiat, appelez le ${police} ou le ${europe}, ou envoyez un SMS au ${sms}.`,
  conversation: "Conversation",
  you: "Vous :",
  bot: "Assistant :",
  counsellor: (name) => `${name}, France Victimes :`,
  typing: "L'assistant écrit…",
  inputLabel: "Votre message",
  inputPlaceholder: "Écrivez votre message ici",
  send: "Envoyer",
  shareLocation: "Partager ma position",
  locationShared: "J'ai partagé ma position.",
  locationUnavailable:
    "Votre navigateur ne permet pas de partager votre position. Vous pouvez simplement " +
    "écrire le nom de votre ville ou votre code postal.",
  locationDeclined:
    "Pas de souci, votre position n'a pas été partagée. Vous pouvez écrire le nom de " +
    "votre ville ou votre code postal, si vous le souhaitez.",
  connecting: "Connexion en cours…",
  reconnecting:
    "La connexion est coupée. Nous réessayons\u00a0: vos messages seront envoyés dès son retour.",
  reconnected: "La connexion est rétablie.",
  choices: "Réponses proposées",
  urgentTitle: "En cas de danger",
  call: (number) => `Appeler le ${number}`,
  sms: (number) => `SMS au ${number}`,
  sitesTitle: "Lieux d'aide aux victimes",
  distance: (km) => `À ${km} km`,
  distanceTown: (km) => `À environ ${km} km`,
  map: "Voir sur une carte",
  mapLabel: (name) => `Voir ${name} sur une carte (OpenStreetMap, dans un nouvel onglet)`,
  handoff: {
    requested: "Vous avez demandé à parler à une personne. Nous cherchons un conseiller ou une conseillère disponible.",
    queued: "Vous êtes en attente. Un conseiller ou une conseillère vous répondra dès que possible.",
    connected: "Vous êtes maintenant en relation avec un conseiller ou une conseillère de France Victimes.",
    unavailable: "Personne n'est disponible pour vous répondre en ce moment.",
    ended: "La conversation avec le conseiller ou la conseillère est terminée.",
  },
  handoffStatus: {
    requested: "Demande de mise en relation",
    queued: "En attente d'un conseiller",
    connected: "Conseiller ou conseillère en ligne",
    unavailable: "Assistant automatique",
    ended: "Assistant automatique",
  },
};

/** "24 heures", "10 minutes": how long the server keeps a conversation. */
export function duration(seconds) {
  if (seconds >= 7200) return `${Math.round(seconds / 3600)} heures`;
  if (seconds >= 3600) return "1 heure";
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
