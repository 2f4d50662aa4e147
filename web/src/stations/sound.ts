// Short tones for each verdict, made with WebAudio oscillators (no audio files): a bright
// two-note chirp for ok, a low double buzz for a refusal, a soft tick for a queued scan.
const MUTE_KEY = "tally.stations.muted";

let context: AudioContext | null = null;

export function isMuted(): boolean {
  try {
    return localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    return false;
  }
}

export function setMuted(muted: boolean) {
  try {
    localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
  } catch {
    // not kept: fine
  }
}

function audio(): AudioContext | null {
  if (isMuted()) return null;
  try {
    if (!context) {
      const Ctor =
        window.AudioContext ??
        (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) return null;
      context = new Ctor();
    }
    if (context.state === "suspended") void context.resume().catch(() => undefined);
    return context;
  } catch {
    return null;
  }
}

function tone(ctx: AudioContext, frequency: number, start: number, duration: number, type: OscillatorType, volume: number) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = type;
  osc.frequency.value = frequency;
  const t0 = ctx.currentTime + start;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(volume, t0 + 0.01);
  gain.gain.setValueAtTime(volume, t0 + duration - 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + duration);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t0);
  osc.stop(t0 + duration + 0.02);
}

export function playOk() {
  const ctx = audio();
  if (!ctx) return;
  tone(ctx, 1046, 0, 0.08, "sine", 0.25);
  tone(ctx, 1568, 0.08, 0.1, "sine", 0.25);
}

export function playRefused() {
  const ctx = audio();
  if (!ctx) return;
  tone(ctx, 150, 0, 0.22, "square", 0.18);
  tone(ctx, 110, 0.28, 0.3, "square", 0.18);
}

export function playQueued() {
  const ctx = audio();
  if (!ctx) return;
  tone(ctx, 660, 0, 0.05, "triangle", 0.15);
}
