// Audio guide player: playback speed and "resume where I left off", on top of native controls.
// No autoplay; everything works without this script (the native <audio> controls remain).
const STORAGE_PREFIX = "heritage:guide-position:";

function clock(seconds) {
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

export function initAudioGuides(root = document) {
  for (const section of root.querySelectorAll("[data-audio-guide]")) {
    const audio = section.querySelector("audio");
    const speed = section.querySelector("[data-speed]");
    const select = speed.querySelector("select");
    const key = STORAGE_PREFIX + audio.getAttribute("src");
    // "Resume at 1:23" before play: the visitor knows where the guide will start.
    const resume = section.querySelector("[data-resume]");
    const saved = Number(localStorage.getItem(key) || 0);
    if (resume && saved > 0) {
      resume.textContent = resume.dataset.textResume.replace("{time}", clock(saved));
      resume.hidden = false;
      audio.addEventListener("playing", () => { resume.hidden = true; }, { once: true });
    }

    select.addEventListener("change", () => {
      audio.playbackRate = Number(select.value);
    });
    audio.addEventListener("ratechange", () => {
      select.value = String(audio.playbackRate);
    });

    audio.addEventListener("loadedmetadata", () => {
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
