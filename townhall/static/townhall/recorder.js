// "Record a video" in the composer: camera preview, 3-2-1, at most 60 seconds, playback, then the
// recording (WebM) and a poster frame (JPEG) go into the form's own file inputs, so the server
// checks and stores them like any upload. Progressive enhancement: without MediaRecorder and
// getUserMedia the button never shows. Every sentence comes from data- attributes (translated).
(() => {
  const supported =
    typeof window.MediaRecorder === "function" &&
    !!navigator.mediaDevices &&
    typeof navigator.mediaDevices.getUserMedia === "function" &&
    typeof window.DataTransfer === "function";

  const MIME_TYPES = ["video/webm;codecs=vp9,opus", "video/webm;codecs=vp8,opus", "video/webm"];

  function clock(seconds) {
    const whole = Math.max(0, Math.floor(seconds));
    return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
  }

  function mimeType() {
    return MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
  }

  function setup(root) {
    const form = root.closest("form");
    const videoInput = form?.querySelector('input[type="file"][name="video"]');
    const posterInput = form?.querySelector('input[type="file"][name="poster"]');
    if (!videoInput || !posterInput) return;
    const el = (name) => root.querySelector(`[data-recorder-${name}]`);
    const openButton = el("open");
    const panel = el("panel");
    const live = el("live");
    const playback = el("playback");
    const countdown = el("countdown");
    const timer = el("timer");
    const status = el("status");
    const buttons = { stop: el("stop"), use: el("use"), again: el("again"), cancel: el("cancel") };
    const maxSeconds = Number(root.dataset.maxSeconds) || 60;
    const filename = root.dataset.filename || "recording";

    let stream = null;
    let recorder = null;
    let chunks = [];
    let recording = null; // the finished Blob
    let poster = null; // a JPEG Blob of one frame
    let startedAt = 0;
    let ticker = 0;
    let limit = 0;
    let counting = 0;

    const say = (key) => {
      status.textContent = root.dataset[key] || "";
    };
    const show = (...names) => {
      for (const [name, button] of Object.entries(buttons)) {
        button.hidden = name !== "cancel" && !names.includes(name);
      }
    };
    const showTimer = (seconds) => {
      timer.textContent = `${clock(seconds)} / ${clock(maxSeconds)}`;
    };

    function stopCamera() {
      if (stream) for (const track of stream.getTracks()) track.stop();
      stream = null;
      live.srcObject = null;
    }

    function clearTimers() {
      window.clearInterval(ticker);
      window.clearTimeout(limit);
      window.clearInterval(counting);
      countdown.hidden = true;
    }

    function snapshot() {
      // The poster: the frame on screen now, at the camera's own size.
      const canvas = document.createElement("canvas");
      canvas.width = live.videoWidth || 640;
      canvas.height = live.videoHeight || 360;
      canvas.getContext("2d").drawImage(live, 0, 0, canvas.width, canvas.height);
      return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
    }

    async function openCamera() {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { width: { ideal: 1280 }, height: { ideal: 720 } },
          audio: true,
        });
      } catch {
        say("statusDenied");
        show();
        return false;
      }
      live.srcObject = stream;
      live.hidden = false;
      playback.hidden = true;
      await live.play().catch(() => {});
      return true;
    }

    function countDownThenRecord() {
      let left = 3;
      say("statusReady");
      show();
      countdown.textContent = String(left);
      countdown.hidden = false;
      counting = window.setInterval(() => {
        left -= 1;
        if (left > 0) {
          countdown.textContent = String(left);
          return;
        }
        window.clearInterval(counting);
        countdown.hidden = true;
        startRecording();
      }, 1000);
    }

    function startRecording() {
      chunks = [];
      poster = null;
      const type = mimeType();
      try {
        recorder = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
      } catch {
        say("statusFailed");
        show("again");
        return;
      }
      recorder.addEventListener("dataavailable", (event) => {
        if (event.data && event.data.size) chunks.push(event.data);
      });
      recorder.addEventListener("stop", finishRecording);
      recorder.start(250);
      startedAt = performance.now();
      timer.classList.add("checkins-recorder__timer--live");
      showTimer(0);
      ticker = window.setInterval(() => showTimer((performance.now() - startedAt) / 1000), 250);
      // The limit holds even if nobody presses Stop.
      limit = window.setTimeout(stopRecording, maxSeconds * 1000);
      window.setTimeout(async () => {
        if (recorder && recorder.state === "recording") poster = await snapshot();
      }, 1000);
      say("statusRecording");
      show("stop");
      buttons.stop.focus();
    }

    function stopRecording() {
      clearTimers();
      if (recorder && recorder.state !== "inactive") recorder.stop();
    }

    async function finishRecording() {
      timer.classList.remove("checkins-recorder__timer--live");
      showTimer(Math.min(maxSeconds, (performance.now() - startedAt) / 1000));
      if (!poster && stream) poster = await snapshot();
      stopCamera();
      recording = new Blob(chunks, { type: "video/webm" });
      if (!recording.size || !poster) {
        say("statusFailed");
        show("again");
        return;
      }
      if (playback.src) URL.revokeObjectURL(playback.src);
      playback.src = URL.createObjectURL(recording);
      live.hidden = true;
      playback.hidden = false;
      say("statusReview");
      show("use", "again");
      buttons.use.focus();
    }

    function useRecording() {
      const video = new DataTransfer();
      video.items.add(new File([recording], `${filename}.webm`, { type: "video/webm" }));
      videoInput.files = video.files;
      const frame = new DataTransfer();
      frame.items.add(new File([poster], `${filename}.jpg`, { type: "image/jpeg" }));
      posterInput.files = frame.files;
      for (const input of [videoInput, posterInput]) {
        input.dispatchEvent(new Event("change", { bubbles: true }));
      }
      close();
      say("statusUsed");
      openButton.focus();
    }

    function close() {
      clearTimers();
      if (recorder && recorder.state !== "inactive") {
        recorder.removeEventListener("stop", finishRecording);
        recorder.stop();
      }
      stopCamera();
      panel.hidden = true;
      openButton.hidden = false;
      openButton.setAttribute("aria-expanded", "false");
    }

    async function begin() {
      stopCamera(); // "Record again": a fresh stream
      panel.hidden = false;
      openButton.hidden = true; // one recording at a time
      openButton.setAttribute("aria-expanded", "true");
      status.textContent = "";
      show();
      showTimer(0);
      if (await openCamera()) countDownThenRecord();
    }

    openButton.addEventListener("click", begin);
    buttons.stop.addEventListener("click", stopRecording);
    buttons.again.addEventListener("click", begin);
    buttons.use.addEventListener("click", useRecording);
    buttons.cancel.addEventListener("click", () => {
      close();
      status.textContent = "";
      openButton.focus();
    });
  }

  function init() {
    if (!supported) return;
    for (const root of document.querySelectorAll("[data-recorder]")) {
      if (root.dataset.recorderReady) continue;
      root.dataset.recorderReady = "1";
      root.hidden = false;
      setup(root);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
