// @mention autocomplete for every textarea with data-mentions (or inside an element with it).
// The textarea becomes an ARIA combobox controlling a listbox of server-rendered options
// (GET data-suggest-url?q=); focus never leaves the textarea. Translated words come from the
// <script> tag's data attributes.
(() => {
  const config = document.currentScript?.dataset || {};
  const SELECTOR = "textarea[data-mentions], [data-mentions] textarea";
  // "@an" right before the caret, not inside an email address or a URL.
  const TOKEN = /(?:^|[^\p{L}\p{N}_@/])@([\p{L}\p{N}._-]{1,64})$/u;
  const DELAY_MS = 120;
  let counter = 0;

  function setUp(textarea) {
    if (textarea.dataset.mentionReady) return textarea.mentionState;
    textarea.dataset.mentionReady = "1";
    if (!textarea.id) textarea.id = `mention-editor-${++counter}`;
    const host = document.createElement("div");
    host.className = "mention-host";
    const hadFocus = document.activeElement === textarea;
    const { selectionStart, selectionEnd } = textarea;
    textarea.replaceWith(host);
    host.append(textarea);
    if (hadFocus) {
      textarea.focus();
      textarea.setSelectionRange(selectionStart, selectionEnd);
    }
    const list = document.createElement("ul");
    list.id = `${textarea.id}-mentions`;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", config.label || "Mention suggestions");
    list.hidden = true;
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    host.append(list, status);
    textarea.setAttribute("role", "combobox");
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-expanded", "false");
    textarea.setAttribute("aria-controls", list.id);
    textarea.mentionState = { list, status, timer: 0, request: null, token: null };
    return textarea.mentionState;
  }

  const options = (state) => [...state.list.querySelectorAll("[role=option]")];

  function close(textarea) {
    const state = textarea.mentionState;
    if (!state) return;
    clearTimeout(state.timer);
    state.request?.abort();
    state.token = null;
    state.list.hidden = true;
    state.list.replaceChildren();
    textarea.setAttribute("aria-expanded", "false");
    textarea.removeAttribute("aria-activedescendant");
  }

  function activate(textarea, option) {
    const state = textarea.mentionState;
    for (const other of options(state)) other.setAttribute("aria-selected", String(other === option));
    textarea.setAttribute("aria-activedescendant", option.id);
    option.scrollIntoView({ block: "nearest" });
  }

  function tokenAtCaret(textarea) {
    if (textarea.selectionStart !== textarea.selectionEnd) return null;
    const before = textarea.value.slice(0, textarea.selectionStart);
    const match = TOKEN.exec(before);
    return match ? { query: match[1], start: before.length - match[1].length - 1 } : null;
  }

  async function suggest(textarea, token) {
    const state = textarea.mentionState;
    state.request?.abort();
    state.request = new AbortController();
    let html = "";
    try {
      const url = `${config.suggestUrl}?q=${encodeURIComponent(token.query)}`;
      const response = await fetch(url, { signal: state.request.signal, credentials: "same-origin" });
      if (!response.ok || response.redirected) return close(textarea);
      html = await response.text();
    } catch {
      return; // aborted by a newer keystroke, or offline: keep typing undisturbed
    }
    const template = document.createElement("template");
    template.innerHTML = html;
    state.list.replaceChildren(template.content);
    const found = options(state);
    if (!found.length) return close(textarea);
    found.forEach((option, i) => { option.id = `${state.list.id}-${i}`; });
    state.token = token;
    state.list.hidden = false;
    textarea.setAttribute("aria-expanded", "true");
    activate(textarea, found[0]);
    state.status.textContent = `${config.found || "Suggestions:"} ${found.length}`;
  }

  function pick(textarea, option) {
    const token = textarea.mentionState?.token;
    if (!token) return;
    const insert = `@${option.dataset.mention} `;
    const end = textarea.selectionStart;
    textarea.setRangeText(insert, token.start, end, "end");
    close(textarea);
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  const editorOf = (target) => (target instanceof HTMLTextAreaElement && target.matches(SELECTOR) ? target : null);

  document.addEventListener("input", (event) => {
    const textarea = editorOf(event.target);
    if (!textarea) return;
    const state = setUp(textarea);
    const token = tokenAtCaret(textarea);
    clearTimeout(state.timer);
    if (!token) return close(textarea);
    state.timer = setTimeout(() => suggest(textarea, token), DELAY_MS);
  });

  document.addEventListener("keydown", (event) => {
    const textarea = editorOf(event.target);
    const state = textarea?.mentionState;
    if (!state || state.list.hidden) return;
    const found = options(state);
    const current = found.findIndex((o) => o.getAttribute("aria-selected") === "true");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const step = event.key === "ArrowDown" ? 1 : -1;
      activate(textarea, found[(current + step + found.length) % found.length]);
    } else if ((event.key === "Enter" || event.key === "Tab") && current >= 0) {
      pick(textarea, found[current]);
    } else if (event.key === "Escape") {
      close(textarea);
      event.stopPropagation();
    } else {
      return;
    }
    event.preventDefault();
  });

  // Keep focus (and the caret) in the textarea while the pointer picks an option.
  document.addEventListener("mousedown", (event) => {
    if (event.target.closest?.(".mention-list")) event.preventDefault();
  });
  document.addEventListener("click", (event) => {
    const option = event.target.closest?.(".mention-list [role=option]");
    const textarea = option?.closest(".mention-host")?.querySelector("textarea");
    if (option && textarea) pick(textarea, option);
  });
  document.addEventListener("focusout", (event) => {
    const textarea = editorOf(event.target);
    if (textarea) close(textarea);
  });

  // Set up on load and on every htmx swap, so the textarea is never moved while typing.
  const scan = (root) => root.querySelectorAll?.(SELECTOR).forEach(setUp);
  document.addEventListener("DOMContentLoaded", () => scan(document));
  document.addEventListener("htmx:load", (event) => scan(event.target));
})();
