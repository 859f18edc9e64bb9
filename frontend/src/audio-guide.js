// Audio guide player: playback speed and "resume where I left off", on top of native controls.
// No autoplay; everything works without this script (the native <audio> controls remain).
const STORAGE_PREFIX = "heritage:guide-position:";

export function initAudioGuides(root = document) {
  for (const section of root.querySelectorAll("[data-audio-guide]")) {
    const audio = section.querySelector("audio");
    const speed = section.querySelector("[data-speed]");
    const select = speed.querySelector("select");
    const key = STORAGE_PREFIX + audio.getAttribute("src");

    select.addEventListener("change", () => {
      audio.playbackRate = Number(select.value);
    });
    audio.addEventListener("ratechange", () => {
      select.value = String(audio.playbackRate);
    });

    audio.addEventListener("loadedmetadata", () => {
      const saved = Number(localStorage.getItem(key) || 0);
      if (saved > 0 && saved < audio.duration - 2) audio.currentTime = saved;
    }, { once: true });
    let lastSaved = 0;
    audio.addEventListener("timeupdate", () => {
      // Writing on every timeupdate (4 per second) is wasteful; every 5 s is enough to resume.
      if (Math.abs(audio.currentTime - lastSaved) >= 5) {
        lastSaved = audio.currentTime;
        localStorage.setItem(key, String(audio.currentTime));
      }
    });
    audio.addEventListener("ended", () => localStorage.removeItem(key));
  }
}
