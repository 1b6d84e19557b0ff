// Townhall's only hand-written script: small progressive enhancements, no inline handlers (CSP).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form?.requestSubmit();
  }
});
// Close the account menu when clicking elsewhere.
document.addEventListener("click", (event) => {
  document.querySelectorAll("details.menu[open]").forEach((menu) => {
    if (!menu.contains(event.target)) menu.removeAttribute("open");
  });
});
// Escape closes the account menu and returns focus to its button.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details.menu[open]").forEach((menu) => {
    menu.removeAttribute("open");
    menu.querySelector("summary")?.focus();
  });
});
// htmx swaps form errors (422) in place; any other failed request (e.g. 429 "you are doing that
// too often") is announced in one alert region instead of failing silently.
document.addEventListener("htmx:responseError", (event) => {
  const region = document.getElementById("request-error");
  if (!region) return;
  const xhr = event.detail.xhr;
  const text = (xhr.getResponseHeader("Content-Type") || "").startsWith("text/plain")
    ? xhr.responseText.trim()
    : "";
  region.textContent = text || region.dataset.fallback || "";
  region.hidden = false;
});
document.addEventListener("htmx:beforeRequest", () => {
  const region = document.getElementById("request-error");
  if (region) region.hidden = true;
});
// "Copy link" buttons: shown only where the clipboard API exists; copy the absolute post URL.
for (const button of document.querySelectorAll("[data-copy-link]")) {
  if (navigator.clipboard) button.hidden = false;
}
document.addEventListener("click", async (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-copy-link]") : null;
  if (!button) return;
  const url = new URL(button.getAttribute("data-copy-link"), window.location.href).href;
  try {
    await navigator.clipboard.writeText(url);
    button.textContent = button.getAttribute("data-copied");
  } catch {
    window.location.href = url; // no clipboard permission: open the post instead
  }
});
// Cards added later (infinite scroll, live banners) get their copy buttons too.
document.addEventListener("htmx:afterSwap", () => {
  for (const button of document.querySelectorAll("[data-copy-link][hidden]")) {
    if (navigator.clipboard) button.hidden = false;
  }
});
