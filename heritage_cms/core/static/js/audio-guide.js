// Audio guide player: playback speed and "resume where I left off", on top of native controls.
// No autoplay; everything works without this script (the native <audio> controls remain).
const STORAGE_PREFIX = "heritage:guide-position:";

for (const section of document.querySelectorAll("[data-audio-guide]")) {
  const audio = section.querySelector("audio");
  const speed = section.querySelector("[data-speed]");
  const key = STORAGE_PREFIX + audio.getAttribute("src");

  speed.hidden = false;
  speed.querySelector("select").addEventListener("change", (event) => {
    audio.playbackRate = Number(event.target.value);
  });

  audio.addEventListener("loadedmetadata", () => {
    const saved = Number(localStorage.getItem(key) || 0);
    if (saved > 0 && saved < audio.duration - 2) audio.currentTime = saved;
  }, { once: true });
  audio.addEventListener("timeupdate", () => {
    if (Math.floor(audio.currentTime) % 5 === 0) localStorage.setItem(key, String(audio.currentTime));
  });
  audio.addEventListener("ended", () => localStorage.removeItem(key));
  audio.addEventListener("ratechange", () => {
    speed.querySelector("select").value = String(audio.playbackRate);
  });
}
