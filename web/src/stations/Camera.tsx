// Scanning with the device's camera: the browser's BarcodeDetector where it exists, else
// ZXing's 1D reader, loaded only when the camera is opened so the station chunk stays small.
import { useEffect, useRef, useState } from "react";

type DetectedCode = { rawValue: string };
type Detector = { detect(source: HTMLVideoElement): Promise<DetectedCode[]> };
type DetectorClass = {
  new (options?: { formats?: string[] }): Detector;
  getSupportedFormats?: () => Promise<string[]>;
};

const WANTED = ["code_128", "ean_13", "ean_8", "upc_a", "upc_e", "itf", "code_39", "qr_code", "data_matrix"];
const GONE_MS = 1500; // out of view this long, the same code is a new scan

export function CameraScanner({ onScan, onClose }: { onScan: (code: string) => void; onClose: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState("Starting the camera…");
  const [error, setError] = useState<string | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopReader: (() => void) | null = null;
    let last = { code: "", seen: 0 };

    // A code held in view counts once; it counts again after it was out of sight a while
    // (the next unit of the same product) or another code came between.
    const found = (code: string) => {
      const now = Date.now();
      const again = code === last.code && now - last.seen < GONE_MS;
      last = { code, seen: now };
      if (!again) onScanRef.current(code);
    };

    const start = async () => {
      const element = video.current;
      if (!element) return;
      if (!navigator.mediaDevices?.getUserMedia) {
        throw new Error("This browser gives no camera here (the page needs HTTPS).");
      }
      const constraints: MediaStreamConstraints = {
        video: { facingMode: { ideal: "environment" } },
        audio: false,
      };
      const Native = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
      if (Native) {
        const supported = (await Native.getSupportedFormats?.()) ?? WANTED;
        const detector = new Native({ formats: WANTED.filter((f) => supported.includes(f)) });
        stream = await navigator.mediaDevices.getUserMedia(constraints);
        if (stopped) return;
        element.srcObject = stream;
        await element.play();
        setStatus("Point the camera at a barcode.");
        const tick = async () => {
          if (stopped) return;
          try {
            const codes = await detector.detect(element);
            if (codes[0]?.rawValue) found(codes[0].rawValue);
          } catch {
            // a frame that could not be read
          }
          timer = window.setTimeout(tick, 200);
        };
        void tick();
        return;
      }
      setStatus("Loading the barcode reader…");
      const { BrowserBarcodeReader } = await import("@zxing/library/esm/browser/BrowserBarcodeReader");
      if (stopped) return;
      const reader = new BrowserBarcodeReader(200);
      stopReader = () => reader.reset();
      setStatus("Point the camera at a barcode.");
      await reader.decodeFromConstraints(constraints, element, (result) => {
        if (result && !stopped) found(result.getText());
      });
    };

    start().catch((e: unknown) => {
      if (stopped) return;
      const name = e instanceof DOMException ? e.name : "";
      setError(
        name === "NotAllowedError"
          ? "The camera is blocked. Allow it in the browser's site settings, or scan with the scanner."
          : name === "NotFoundError"
            ? "This device has no camera."
            : e instanceof Error
              ? e.message
              : String(e),
      );
    });

    return () => {
      stopped = true;
      window.clearTimeout(timer);
      stopReader?.();
      stream?.getTracks().forEach((t) => t.stop());
    };
  }, []);

  return (
    <section className="camera" aria-label="Camera scanner">
      <video ref={video} muted playsInline aria-hidden="true" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : (
        <p className="camera-status">{status}</p>
      )}
      <button type="button" onClick={onClose}>
        Close camera
      </button>
    </section>
  );
}
