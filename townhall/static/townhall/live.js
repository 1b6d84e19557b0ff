/* Live updates: one EventSource per tab; new-post banner, post counts and bell count.
 *
 * Page contract (see docs/live.md):
 *   <body data-live-url data-live-banner-url data-live-user>
 *   [data-live-feed]                   a feed; the banner goes above it, "Show" reloads it
 *   [data-live-post="<id>"]            a post card or page, watched for count changes
 *     [data-live-count="comments"|"reactions"]  text replaced with the new count
 *   [data-live-bell="<url>"]           the bell; refetched from <url> on a `bell` event
 *   [data-live-openhour="<id>"][data-live-refresh="<url>"]  an open hour's question board;
 *                                      refetched from <url> (outerHTML) on an `openhour` event,
 *                                      postponed while someone is typing in it
 */
(function () {
  "use strict";

  var body = document.body;
  var url = body && body.getAttribute("data-live-url");
  if (!url || typeof window.EventSource === "undefined") return;

  var lastId = null;
  var source = null;
  var backoff = 1000;
  var newPosts = 0;
  var me = body.getAttribute("data-live-user");

  function watchedPosts() {
    var ids = [];
    document.querySelectorAll("[data-live-post]").forEach(function (el) {
      var id = el.getAttribute("data-live-post");
      if (/^\d+$/.test(id) && ids.indexOf(id) === -1 && ids.length < 100) ids.push(id);
    });
    return ids;
  }

  function watchedOpenHours() {
    var ids = [];
    document.querySelectorAll("[data-live-openhour]").forEach(function (el) {
      var id = el.getAttribute("data-live-openhour");
      if (/^\d+$/.test(id) && ids.indexOf(id) === -1 && ids.length < 20) ids.push(id);
    });
    return ids;
  }

  function streamUrl() {
    var params = new URLSearchParams();
    var posts = watchedPosts();
    if (posts.length) params.set("posts", posts.join(","));
    var openHours = watchedOpenHours();
    if (openHours.length) params.set("openhours", openHours.join(","));
    // A fresh EventSource does not send Last-Event-ID, so pass it along ourselves.
    if (lastId !== null) params.set("last_event_id", lastId);
    var query = params.toString();
    return query ? url + "?" + query : url;
  }

  function parse(event) {
    if (event.lastEventId) lastId = event.lastEventId;
    try {
      return JSON.parse(event.data);
    } catch (e) {
      return null;
    }
  }

  function showBanner() {
    var feed = document.querySelector("[data-live-feed]");
    var bannerUrl = body.getAttribute("data-live-banner-url");
    if (!feed || !bannerUrl || !window.htmx) return;
    var slot = document.querySelector("[data-live-banner-slot]");
    if (!slot) {
      slot = document.createElement("div");
      slot.setAttribute("data-live-banner-slot", "");
      feed.parentNode.insertBefore(slot, feed);
    }
    window.htmx.ajax("GET", bannerUrl + "?count=" + newPosts, { target: slot, swap: "innerHTML" });
  }

  function onPost(event) {
    var data = parse(event);
    if (!data || String(data.author_id) === me) return;
    newPosts += 1;
    showBanner();
  }

  function onCounts(event) {
    var data = parse(event);
    if (!data) return;
    document.querySelectorAll('[data-live-post="' + Number(data.post_id) + '"]').forEach(function (post) {
      post.querySelectorAll('[data-live-count="comments"]').forEach(function (el) {
        el.textContent = String(Number(data.comments));
      });
      post.querySelectorAll('[data-live-count="reactions"]').forEach(function (el) {
        el.textContent = String(Number(data.reactions));
      });
    });
  }

  // The bell renders its own translated count: a `bell` event makes the tab fetch it again,
  // once per burst of events.
  var bellTimer = null;
  function onBell(event) {
    parse(event);
    if (bellTimer !== null || !window.htmx) return;
    bellTimer = window.setTimeout(function () {
      bellTimer = null;
      var bell = document.querySelector("[data-live-bell]");
      if (!bell) return;
      window.htmx.ajax("GET", bell.getAttribute("data-live-bell"), {
        target: "#" + bell.id,
        swap: "outerHTML",
      });
    }, 250);
  }

  // An open hour's board re-renders for this viewer from the server (ids only in the event);
  // a half-typed answer or question inside it must not be wiped, so wait until it is sent.
  var boardTimers = {};
  function busy(board) {
    var active = document.activeElement;
    if (active && board.contains(active) && /^(TEXTAREA|INPUT|SELECT)$/.test(active.tagName)) {
      return true;
    }
    var typed = false;
    board.querySelectorAll("textarea").forEach(function (el) {
      if (el.value.trim()) typed = true;
    });
    return typed;
  }
  function refreshBoard(id) {
    boardTimers[id] = null;
    var board = document.querySelector('[data-live-openhour="' + id + '"][data-live-refresh]');
    if (!board || !window.htmx) return;
    if (busy(board)) {
      boardTimers[id] = window.setTimeout(function () { refreshBoard(id); }, 1500);
      return;
    }
    window.htmx.ajax("GET", board.getAttribute("data-live-refresh"), {
      target: board,
      swap: "outerHTML",
    });
  }
  function onOpenHour(event) {
    var data = parse(event);
    if (!data) return;
    var id = String(Number(data.open_hour_id));
    if (boardTimers[id]) return;
    boardTimers[id] = window.setTimeout(function () { refreshBoard(id); }, 150);
  }

  function connect() {
    source = new EventSource(streamUrl());
    source.addEventListener("open", function () {
      backoff = 1000;
    });
    source.addEventListener("ready", parse);
    source.addEventListener("post", onPost);
    source.addEventListener("counts", onCounts);
    source.addEventListener("bell", onBell);
    source.addEventListener("openhour", onOpenHour);
    source.addEventListener("error", function () {
      // The server ends streams every few minutes; reconnect with backoff and replay.
      source.close();
      var wait = backoff + Math.floor(Math.random() * 500);
      backoff = Math.min(backoff * 2, 30000);
      window.setTimeout(connect, wait);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-live-show]");
    if (!button || !window.htmx) return;
    newPosts = 0;
    var slot = document.querySelector("[data-live-banner-slot]");
    if (slot) slot.textContent = "";
    window.htmx.ajax("GET", window.location.pathname + window.location.search, {
      target: "[data-live-feed]",
      select: "[data-live-feed]",
      swap: "outerHTML",
    });
  });

  connect();
})();
