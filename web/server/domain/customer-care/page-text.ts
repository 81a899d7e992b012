import type { MessageLocale } from "./messages.js";

/** The self-service page's words, per language (the page renders inside the shop's theme). */
export interface PageText {
  title: string;
  intro: string;
  shipNow: string;
  waiting: string;
  promised: string;
  ready: string;
  closed: string;
  accept: string;
  cancel: string;
  swap: string;
  swapFor: string;
  acceptedNotice: string;
  cancelledNotice: string;
  swappedNotice: string;
  alreadyNotice: string;
  nothingToCancel: string;
  failedNotice: string;
  invalidLink: string;
  expiredLink: string;
  foreignLink: string;
}

export const PAGE_TEXT: Record<MessageLocale, PageText> = {
  en: {
    title: "Your order {order}",
    intro:
      "Here is where each item stands. You can wait, swap a waiting item for one in stock, or cancel it for a full refund.",
    shipNow: "ships now",
    waiting: "waiting for stock",
    promised: "promised",
    ready: "ready to ship",
    closed: "nothing left to ship",
    accept: "I accept the new date",
    cancel: "Cancel the waiting items and refund me",
    swap: "Swap",
    swapFor: "In stock instead:",
    acceptedNotice: "Thank you: we noted that you accept the new date.",
    cancelledNotice: "Done: the waiting items are cancelled and refunded.",
    swappedNotice: "Done: the waiting items are swapped for an item in stock.",
    alreadyNotice: "This was already done; nothing changed.",
    nothingToCancel: "Nothing waits on this item any more; nothing changed.",
    failedNotice:
      "This could not be done right now; nothing changed. Please try again later or contact the shop.",
    invalidLink: "This link is not valid. Please use the link in your latest email from the shop.",
    expiredLink:
      "This link has expired. Please use the link in your latest email from the shop, or contact the shop.",
    foreignLink: "This link belongs to another shop.",
  },
  fr: {
    title: "Votre commande {order}",
    intro:
      "Voici où en est chaque article. Vous pouvez attendre, échanger un article en attente contre un article disponible, ou l'annuler pour un remboursement complet.",
    shipNow: "expédié maintenant",
    waiting: "en attente de stock",
    promised: "date promise",
    ready: "prêt à partir",
    closed: "plus rien à expédier",
    accept: "J'accepte la nouvelle date",
    cancel: "Annuler les articles en attente et me rembourser",
    swap: "Échanger",
    swapFor: "Disponible à la place :",
    acceptedNotice: "Merci : nous avons noté que vous acceptez la nouvelle date.",
    cancelledNotice: "C'est fait : les articles en attente sont annulés et remboursés.",
    swappedNotice: "C'est fait : les articles en attente sont échangés contre un article disponible.",
    alreadyNotice: "C'était déjà fait ; rien n'a changé.",
    nothingToCancel: "Plus rien n'attend sur cet article ; rien n'a changé.",
    failedNotice:
      "Impossible pour le moment ; rien n'a changé. Réessayez plus tard ou contactez la boutique.",
    invalidLink: "Ce lien n'est pas valide. Utilisez le lien de votre dernier e-mail de la boutique.",
    expiredLink:
      "Ce lien a expiré. Utilisez le lien de votre dernier e-mail de la boutique, ou contactez-la.",
    foreignLink: "Ce lien appartient à une autre boutique.",
  },
  de: {
    title: "Ihre Bestellung {order}",
    intro:
      "So steht es um jeden Artikel. Sie können warten, einen wartenden Artikel gegen einen vorrätigen tauschen oder ihn gegen volle Erstattung stornieren.",
    shipNow: "wird jetzt versendet",
    waiting: "wartet auf Ware",
    promised: "zugesagt",
    ready: "versandbereit",
    closed: "nichts mehr zu versenden",
    accept: "Ich akzeptiere den neuen Termin",
    cancel: "Wartende Artikel stornieren und erstatten",
    swap: "Tauschen",
    swapFor: "Stattdessen vorrätig:",
    acceptedNotice: "Danke: Wir haben notiert, dass Sie den neuen Termin akzeptieren.",
    cancelledNotice: "Erledigt: Die wartenden Artikel sind storniert und erstattet.",
    swappedNotice: "Erledigt: Die wartenden Artikel sind gegen einen vorrätigen Artikel getauscht.",
    alreadyNotice: "Das war bereits erledigt; nichts wurde geändert.",
    nothingToCancel: "Auf diesen Artikel wartet nichts mehr; nichts wurde geändert.",
    failedNotice:
      "Das ist gerade nicht möglich; nichts wurde geändert. Bitte später erneut versuchen oder den Shop kontaktieren.",
    invalidLink: "Dieser Link ist ungültig. Bitte nutzen Sie den Link aus der letzten E-Mail des Shops.",
    expiredLink:
      "Dieser Link ist abgelaufen. Bitte nutzen Sie den Link aus der letzten E-Mail des Shops oder kontaktieren Sie ihn.",
    foreignLink: "Dieser Link gehört zu einem anderen Shop.",
  },
  es: {
    title: "Tu pedido {order}",
    intro:
      "Así está cada artículo. Puedes esperar, cambiar un artículo en espera por uno disponible o cancelarlo con reembolso completo.",
    shipNow: "se envía ahora",
    waiting: "a la espera de stock",
    promised: "prometido",
    ready: "listo para enviar",
    closed: "nada pendiente de envío",
    accept: "Acepto la nueva fecha",
    cancel: "Cancelar los artículos en espera y reembolsarme",
    swap: "Cambiar",
    swapFor: "Disponible en su lugar:",
    acceptedNotice: "Gracias: hemos anotado que aceptas la nueva fecha.",
    cancelledNotice: "Hecho: los artículos en espera se han cancelado y reembolsado.",
    swappedNotice: "Hecho: los artículos en espera se han cambiado por uno disponible.",
    alreadyNotice: "Ya estaba hecho; no ha cambiado nada.",
    nothingToCancel: "Ya no hay nada en espera en este artículo; no ha cambiado nada.",
    failedNotice:
      "No ha sido posible ahora; no ha cambiado nada. Inténtalo más tarde o contacta con la tienda.",
    invalidLink: "Este enlace no es válido. Usa el enlace de tu último correo de la tienda.",
    expiredLink:
      "Este enlace ha caducado. Usa el enlace de tu último correo de la tienda o contacta con ella.",
    foreignLink: "Este enlace pertenece a otra tienda.",
  },
};
