/* Chatwidget Voormekaar Voordeur — vanilla JS over socket.io (vendored socket.io-client 4.8.1).
 * Rules: every text goes into the page with textContent (never innerHTML); the session id is issued and signed
 * by the server and only kept in sessionStorage; buttons are real <button>s; the log is an aria-live region. */
(function () {
  "use strict";

  var OPSLAG = "voordeur.chat.sessie";
  var MAX_TEKENS = 2000;
  var params = new URLSearchParams(window.location.search);
  var partner = params.get("rol") === "partner";

  var paneel = document.getElementById("chat");
  var log = document.getElementById("chat-log");
  var status = document.getElementById("chat-status");
  var typt = document.getElementById("chat-typt");
  var form = document.getElementById("chat-form");
  var invoer = document.getElementById("chat-invoer");
  var openers = [document.getElementById("chat-start"), document.getElementById("chat-lanceer")];
  var sluit = document.getElementById("chat-sluit");
  var nieuw = document.getElementById("chat-nieuw");
  var titel = document.getElementById("chat-titel");

  // On a phone the panel covers the page: make the page behind it inert so focus cannot get lost there.
  var smal = window.matchMedia("(max-width: 39.99rem)");
  var achtergrond = [document.querySelector(".site-kop"), document.getElementById("inhoud"),
                     document.querySelector(".site-voet")];

  var socket = null;
  var token = null;
  var laatsteOpener = openers[1];
  var wachtTimer = null;

  function leesToken() {
    try { return window.sessionStorage.getItem(OPSLAG); } catch (e) { return null; }
  }
  function bewaarToken(t) {
    try {
      if (t) { window.sessionStorage.setItem(OPSLAG, t); } else { window.sessionStorage.removeItem(OPSLAG); }
    } catch (e) { /* private mode: the chat works, it just does not survive a reload */ }
  }

  function zetStatus(tekst) { status.textContent = tekst || ""; }

  function schrijft(aan) {
    typt.hidden = !aan;
    if (wachtTimer) { window.clearTimeout(wachtTimer); wachtTimer = null; }
    if (aan) { wachtTimer = window.setTimeout(function () { typt.hidden = true; }, 20000); }
  }

  function scrollNaarOnder() { log.scrollTop = log.scrollHeight; }

  /* Text with web addresses turned into links — built from text nodes and <a> elements, never from HTML. */
  function vulTekst(el, tekst) {
    var patroon = /https?:\/\/[^\s<>"')]+[^\s<>"').,;:!?]/g;
    var pos = 0, m;
    while ((m = patroon.exec(tekst)) !== null) {
      el.appendChild(document.createTextNode(tekst.slice(pos, m.index)));
      var a = document.createElement("a");
      a.href = m[0];
      a.textContent = m[0];
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      el.appendChild(a);
      pos = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(tekst.slice(pos)));
  }

  function bericht(van, tekst) {
    var p = document.createElement("p");
    p.className = "bericht bericht-" + van;
    var wie = document.createElement("span");
    wie.className = "wie";
    wie.textContent = van === "inwoner" ? "U: " : (van === "assistent" ? "Assistent: " : "Melding: ");
    p.appendChild(wie);
    if (van === "assistent") { vulTekst(p, tekst); } else { p.appendChild(document.createTextNode(tekst)); }
    log.appendChild(p);
    scrollNaarOnder();
    return p;
  }

  function zetKeuzesUit() {
    var knoppen = log.querySelectorAll(".keuzes button");
    for (var i = 0; i < knoppen.length; i++) { knoppen[i].disabled = true; }
  }

  function keuzes(lijst, actief) {
    if (!lijst || !lijst.length) { return; }
    var groep = document.createElement("div");
    groep.className = "keuzes";
    groep.setAttribute("role", "group");
    groep.setAttribute("aria-label", "Keuzes");
    lijst.forEach(function (k) {
      var knop = document.createElement("button");
      knop.type = "button";
      knop.textContent = k.title;
      knop.disabled = !actief;
      knop.addEventListener("click", function () {
        if (knop.disabled) { return; }
        zetKeuzesUit();
        verstuur(k.payload, k.title);
        invoer.focus();
      });
      groep.appendChild(knop);
    });
    log.appendChild(groep);
    scrollNaarOnder();
  }

  function toonAntwoord(data) {
    if (!data || typeof data !== "object") { return; }
    schrijft(false);
    var knoppen = data.quick_replies || data.buttons || [];
    zetKeuzesUit();
    if (typeof data.text === "string" && data.text) { bericht("assistent", data.text); }
    if (data.attachment && data.attachment.type === "image" && data.attachment.payload) {
      var src = String(data.attachment.payload.src || "");
      if (/^https?:\/\//.test(src)) { bericht("assistent", src); }
    }
    keuzes(knoppen.map(function (k) { return { title: String(k.title || ""), payload: String(k.payload || "") }; }), true);
  }

  function toonGeschiedenis(items) {
    log.textContent = "";
    if (!Array.isArray(items)) { return; }
    log.setAttribute("aria-busy", "true");
    items.forEach(function (item, i) {
      if (item.van === "inwoner") { bericht("inwoner", String(item.text || "")); return; }
      if (item.text) { bericht("assistent", String(item.text)); }
      keuzes(item.buttons || [], i === items.length - 1);
    });
    log.removeAttribute("aria-busy");
  }

  function verstuur(payload, zichtbaar) {
    if (!socket || !socket.connected || !token) {
      zetStatus("Er is nog geen verbinding. Een ogenblik geduld, en probeer het dan opnieuw.");
      return false;
    }
    bericht("inwoner", zichtbaar);
    socket.emit("user_uttered", { message: payload });
    schrijft(true);
    return true;
  }

  function verbind() {
    if (socket) { return; }
    if (typeof window.io !== "function") {
      zetStatus("De chat kan niet laden. Bel 14 0545 als u ons wilt spreken.");
      return;
    }
    zetStatus("Verbinden…");
    socket = window.io({ path: "/socket.io", reconnectionDelayMax: 10000 });
    socket.on("connect", function () {
      var verzoek = { session_id: leesToken() };
      if (partner) { verzoek.rol = "partner"; }
      socket.emit("session_request", verzoek);
    });
    socket.on("session_confirm", function (t) {
      if (typeof t !== "string") { return; }
      if (t !== leesToken()) { log.textContent = ""; }
      token = t;
      bewaarToken(t);
      zetStatus("");
    });
    socket.on("session_history", toonGeschiedenis);
    socket.on("session_refused", function () { token = null; });
    socket.on("bot_uttered", toonAntwoord);
    socket.on("disconnect", function () {
      schrijft(false);
      zetStatus("De verbinding is verbroken. We proberen opnieuw te verbinden…");
    });
    socket.on("connect_error", function () {
      zetStatus("Er is nu geen verbinding met de chat. We blijven het proberen. U kunt ook bellen: 14 0545.");
    });
  }

  function zetAchtergrond() {
    var inert = !paneel.hidden && smal.matches;
    achtergrond.forEach(function (el) {
      if (!el) { return; }
      if (inert) { el.setAttribute("inert", ""); } else { el.removeAttribute("inert"); }
    });
  }

  function openChat(opener) {
    if (opener) { laatsteOpener = opener; }
    paneel.hidden = false;
    openers.forEach(function (o) { if (o) { o.setAttribute("aria-expanded", "true"); } });
    zetAchtergrond();
    verbind();
    invoer.focus();
  }

  function sluitChat() {
    paneel.hidden = true;
    openers.forEach(function (o) { if (o) { o.setAttribute("aria-expanded", "false"); } });
    zetAchtergrond();
    (laatsteOpener && laatsteOpener.getClientRects().length ? laatsteOpener : openers[0]).focus();
  }

  function nieuwGesprek() {
    bewaarToken(null);
    token = null;
    log.textContent = "";
    if (socket) { socket.disconnect(); socket = null; }
    verbind();
    invoer.focus();
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var tekst = invoer.value;
    if (!tekst.trim()) {
      zetStatus("Typ eerst uw bericht.");
      invoer.focus();
      return;
    }
    if (tekst.length > MAX_TEKENS) {
      zetStatus("Uw bericht is te lang. Maak het korter dan " + MAX_TEKENS + " tekens.");
      return;
    }
    zetStatus("");
    zetKeuzesUit();
    if (verstuur(tekst, tekst)) { invoer.value = ""; }
    invoer.focus();
  });

  invoer.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  openers.forEach(function (o) { if (o) { o.addEventListener("click", function () { openChat(o); }); } });
  sluit.addEventListener("click", sluitChat);
  nieuw.addEventListener("click", nieuwGesprek);
  paneel.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { ev.preventDefault(); sluitChat(); }
  });

  if (smal.addEventListener) { smal.addEventListener("change", zetAchtergrond); }
  if (partner) {
    titel.textContent = "Chat voor professionals en partners";
  }
  // Resume an open conversation after a reload, and open straight away for the partner entry.
  if (leesToken() || partner) { openChat(null); }
}());
