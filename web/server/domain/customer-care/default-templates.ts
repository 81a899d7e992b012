import type { MessageLocale } from "./messages.js";
import type { MessageKind } from "./settings.js";

/**
 * The messages as Waitwell ships them, in Liquid, per language. A merchant's edit (MessageTemplate) replaces one
 * (kind, language); deleting it brings this back. Variables: `shop.name`, `shop.brand_color`, `order.name`,
 * `customer.name`, `lines` (each `title`, `ship_now`, `waiting`, `eta`, `previous_eta`), `manage_url`,
 * `discount_code`, `action` (`units`, `refund`, `substitute`). The layout around the body (header in the shop's
 * colour) is added when rendering.
 */
interface Phrases {
  hello: string;
  confirmationSubject: string;
  confirmationIntro: string;
  shipNow: string;
  waiting: string;
  delaySubject: string;
  delayIntro: string;
  was: string;
  choices: string;
  renewedSubject: string;
  renewedIntro: string;
  readySubject: string;
  readyIntro: string;
  acceptedSubject: string;
  acceptedIntro: string;
  cancelledSubject: string;
  cancelledIntro: string;
  swappedSubject: string;
  swappedIntro: string;
  incentiveSubject: string;
  incentiveIntro: string;
  manage: string;
}

const PHRASES: Record<MessageLocale, Phrases> = {
  en: {
    hello: "Hello{% if customer.name %} {{ customer.name }}{% endif %},",
    confirmationSubject: "Your order {{ order.name }}: some items ship later",
    confirmationIntro: "Thank you for your order. Here is when each item ships:",
    shipNow: "ships now",
    waiting: "waiting for stock",
    delaySubject: "Order {{ order.name }}: a new shipping date",
    delayIntro: "We cannot keep the date we gave you for some items. Here is the new date:",
    was: "was",
    choices:
      "You can wait for the new date, swap to an item in stock, or cancel the waiting items for a full refund.",
    renewedSubject: "Order {{ order.name }}: please confirm you still want to wait",
    renewedIntro:
      "The new date will be missed as well. Unless you tell us you agree to wait, the waiting items will be cancelled and refunded in full if they have not shipped by the date below.",
    readySubject: "Order {{ order.name }}: your items are ready to ship",
    readyIntro: "Good news: the stock arrived and these items are on their way to packing:",
    acceptedSubject: "Order {{ order.name }}: thank you for waiting for the new date",
    acceptedIntro: "You told us you accept the new date. We noted it:",
    cancelledSubject: "Order {{ order.name }}: cancellation confirmed",
    cancelledIntro:
      "As you asked, we cancelled {{ action.units }} waiting item(s){% if action.refund %} and refunded {{ action.refund }}{% endif %}.",
    swappedSubject: "Order {{ order.name }}: swap confirmed",
    swappedIntro:
      "As you asked, {{ action.units }} waiting item(s) were replaced by {{ action.substitute }}, which ships now.{% if action.refund %} The price difference, {{ action.refund }}, is refunded.{% endif %}",
    incentiveSubject: "Order {{ order.name }}: thank you for waiting",
    incentiveIntro: "Thank you for your patience. Here is a code for your next order:",
    manage: "Manage my order",
  },
  fr: {
    hello: "Bonjour{% if customer.name %} {{ customer.name }}{% endif %},",
    confirmationSubject: "Votre commande {{ order.name }} : certains articles partent plus tard",
    confirmationIntro: "Merci pour votre commande. Voici quand chaque article sera expédié :",
    shipNow: "expédié maintenant",
    waiting: "en attente de stock",
    delaySubject: "Commande {{ order.name }} : nouvelle date d'expédition",
    delayIntro: "Nous ne pouvons pas tenir la date annoncée pour certains articles. Voici la nouvelle date :",
    was: "au lieu de",
    choices:
      "Vous pouvez attendre la nouvelle date, choisir un article disponible ou annuler les articles en attente pour un remboursement complet.",
    renewedSubject: "Commande {{ order.name }} : confirmez-vous vouloir attendre ?",
    renewedIntro:
      "La nouvelle date ne pourra pas non plus être tenue. Sans votre accord, les articles en attente seront annulés et remboursés intégralement s'ils ne sont pas expédiés à la date ci-dessous.",
    readySubject: "Commande {{ order.name }} : vos articles sont prêts à partir",
    readyIntro: "Bonne nouvelle : le stock est arrivé et ces articles partent en préparation :",
    acceptedSubject: "Commande {{ order.name }} : merci d'attendre la nouvelle date",
    acceptedIntro: "Vous acceptez la nouvelle date. C'est noté :",
    cancelledSubject: "Commande {{ order.name }} : annulation confirmée",
    cancelledIntro:
      "Comme demandé, nous avons annulé {{ action.units }} article(s) en attente{% if action.refund %} et remboursé {{ action.refund }}{% endif %}.",
    swappedSubject: "Commande {{ order.name }} : échange confirmé",
    swappedIntro:
      "Comme demandé, {{ action.units }} article(s) en attente sont remplacés par {{ action.substitute }}, expédié maintenant.{% if action.refund %} La différence de prix, {{ action.refund }}, vous est remboursée.{% endif %}",
    incentiveSubject: "Commande {{ order.name }} : merci de votre patience",
    incentiveIntro: "Merci de votre patience. Voici un code pour votre prochaine commande :",
    manage: "Gérer ma commande",
  },
  de: {
    hello: "Hallo{% if customer.name %} {{ customer.name }}{% endif %},",
    confirmationSubject: "Ihre Bestellung {{ order.name }}: einige Artikel folgen später",
    confirmationIntro: "Vielen Dank für Ihre Bestellung. So werden die Artikel versendet:",
    shipNow: "wird jetzt versendet",
    waiting: "wartet auf Ware",
    delaySubject: "Bestellung {{ order.name }}: neuer Versandtermin",
    delayIntro: "Den genannten Termin können wir für einige Artikel nicht halten. Der neue Termin:",
    was: "statt",
    choices:
      "Sie können auf den neuen Termin warten, zu einem vorrätigen Artikel wechseln oder die wartenden Artikel gegen volle Erstattung stornieren.",
    renewedSubject: "Bestellung {{ order.name }}: Möchten Sie weiter warten?",
    renewedIntro:
      "Auch der neue Termin wird nicht zu halten sein. Ohne Ihre Zustimmung werden die wartenden Artikel storniert und voll erstattet, wenn sie bis zum unten genannten Datum nicht versendet sind.",
    readySubject: "Bestellung {{ order.name }}: Ihre Artikel sind versandbereit",
    readyIntro: "Gute Nachricht: Die Ware ist da, diese Artikel gehen in den Versand:",
    acceptedSubject: "Bestellung {{ order.name }}: Danke, dass Sie auf den neuen Termin warten",
    acceptedIntro: "Sie akzeptieren den neuen Termin. Wir haben es notiert:",
    cancelledSubject: "Bestellung {{ order.name }}: Stornierung bestätigt",
    cancelledIntro:
      "Wie gewünscht haben wir {{ action.units }} wartende(n) Artikel storniert{% if action.refund %} und {{ action.refund }} erstattet{% endif %}.",
    swappedSubject: "Bestellung {{ order.name }}: Umtausch bestätigt",
    swappedIntro:
      "Wie gewünscht wurden {{ action.units }} wartende(r) Artikel durch {{ action.substitute }} ersetzt, der jetzt versendet wird.{% if action.refund %} Die Preisdifferenz von {{ action.refund }} wird erstattet.{% endif %}",
    incentiveSubject: "Bestellung {{ order.name }}: Danke fürs Warten",
    incentiveIntro: "Danke für Ihre Geduld. Hier ist ein Code für Ihre nächste Bestellung:",
    manage: "Bestellung verwalten",
  },
  es: {
    hello: "Hola{% if customer.name %} {{ customer.name }}{% endif %}:",
    confirmationSubject: "Tu pedido {{ order.name }}: algunos artículos se envían más tarde",
    confirmationIntro: "Gracias por tu pedido. Así se enviará cada artículo:",
    shipNow: "se envía ahora",
    waiting: "a la espera de stock",
    delaySubject: "Pedido {{ order.name }}: nueva fecha de envío",
    delayIntro: "No podemos cumplir la fecha indicada para algunos artículos. La nueva fecha es:",
    was: "antes",
    choices:
      "Puedes esperar la nueva fecha, cambiar a un artículo disponible o cancelar los artículos en espera con reembolso completo.",
    renewedSubject: "Pedido {{ order.name }}: confirma si quieres seguir esperando",
    renewedIntro:
      "Tampoco podremos cumplir la nueva fecha. Si no nos confirmas que quieres esperar, los artículos en espera se cancelarán y reembolsarán por completo si no se han enviado en la fecha indicada.",
    readySubject: "Pedido {{ order.name }}: tus artículos están listos para enviar",
    readyIntro: "Buenas noticias: ha llegado el stock y estos artículos pasan a preparación:",
    acceptedSubject: "Pedido {{ order.name }}: gracias por esperar la nueva fecha",
    acceptedIntro: "Nos has dicho que aceptas la nueva fecha. Lo hemos anotado:",
    cancelledSubject: "Pedido {{ order.name }}: cancelación confirmada",
    cancelledIntro:
      "Como pediste, hemos cancelado {{ action.units }} artículo(s) en espera{% if action.refund %} y reembolsado {{ action.refund }}{% endif %}.",
    swappedSubject: "Pedido {{ order.name }}: cambio confirmado",
    swappedIntro:
      "Como pediste, {{ action.units }} artículo(s) en espera se sustituyen por {{ action.substitute }}, que se envía ahora.{% if action.refund %} Te reembolsamos la diferencia de precio, {{ action.refund }}.{% endif %}",
    incentiveSubject: "Pedido {{ order.name }}: gracias por esperar",
    incentiveIntro: "Gracias por tu paciencia. Aquí tienes un código para tu próximo pedido:",
    manage: "Gestionar mi pedido",
  },
};

const LINES_WITH_DATES = (p: Phrases) => `<ul>
{% for line in lines %}  <li><strong>{{ line.title }}</strong>{% if line.ship_now > 0 %}: {{ line.ship_now }} ${p.shipNow}{% endif %}{% if line.waiting > 0 %}; {{ line.waiting }} ${p.waiting}: {{ line.eta }}{% if line.previous_eta %} (${p.was}: {{ line.previous_eta }}){% endif %}{% endif %}</li>
{% endfor %}</ul>`;

const MANAGE = (p: Phrases) =>
  `{% if manage_url %}<p><a class="button" href="{{ manage_url }}">${p.manage}</a></p>{% endif %}`;

const DISCOUNT = `{% if discount_code %}<p class="code">{{ discount_code }}</p>{% endif %}`;

function body(kind: MessageKind, p: Phrases): string {
  const parts: string[] = [`<p>${p.hello}</p>`];
  switch (kind) {
    case "confirmation":
      parts.push(`<p>${p.confirmationIntro}</p>`, LINES_WITH_DATES(p), MANAGE(p));
      break;
    case "delay":
      parts.push(`<p>${p.delayIntro}</p>`, LINES_WITH_DATES(p), `<p>${p.choices}</p>`, DISCOUNT, MANAGE(p));
      break;
    case "renewed":
      parts.push(`<p>${p.renewedIntro}</p>`, LINES_WITH_DATES(p), `<p>${p.choices}</p>`, MANAGE(p));
      break;
    case "ready":
      parts.push(
        `<p>${p.readyIntro}</p>`,
        `<ul>{% for line in lines %}<li>{{ line.title }}</li>{% endfor %}</ul>`,
      );
      break;
    case "accepted":
      parts.push(`<p>${p.acceptedIntro}</p>`, LINES_WITH_DATES(p), MANAGE(p));
      break;
    case "cancelled":
      parts.push(`<p>${p.cancelledIntro}</p>`, MANAGE(p));
      break;
    case "swapped":
      parts.push(`<p>${p.swappedIntro}</p>`, MANAGE(p));
      break;
    case "incentive":
      parts.push(`<p>${p.incentiveIntro}</p>`, DISCOUNT, MANAGE(p));
      break;
  }
  return parts.join("\n");
}

const SUBJECTS: Record<MessageKind, keyof Phrases> = {
  confirmation: "confirmationSubject",
  delay: "delaySubject",
  renewed: "renewedSubject",
  ready: "readySubject",
  accepted: "acceptedSubject",
  cancelled: "cancelledSubject",
  swapped: "swappedSubject",
  incentive: "incentiveSubject",
};

export function defaultTemplate(kind: MessageKind, locale: MessageLocale): { subject: string; body: string } {
  const p = PHRASES[locale];
  return { subject: p[SUBJECTS[kind]], body: body(kind, p) };
}
