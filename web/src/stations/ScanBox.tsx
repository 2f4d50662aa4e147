// The scan field. A keyboard-wedge scanner types its characters and Enter; this field keeps
// (and regains) the focus so they land here, and while focus is elsewhere (a button, the
// page) a document-level keydown capture moves the typed characters into it. Every code is
// taken alike; the keystroke timing only says how it came in: a wedge types a whole code in
// a burst, a person types at human speed, edits, pastes or uses the on-screen keyboard. Those
// are sent as "keyed" entries, which the scan log counts apart and a supervisor may have to
// approve. Inputs of their own (the weight field, a dialog's fields) keep their keys.
import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from "react";
import { DeviceField } from "./common";

export type ScanBoxHandle = { focus: () => void };

// How a code came in, as the scan body's `entry` says it.
export type Entry = "scan" | "keyed";

// A keyboard-wedge scanner sends a code's characters a few milliseconds apart (slow
// Bluetooth ones some 60 ms); the fastest typists need 100 ms and more per key.
const WEDGE_MS_PER_KEY = 80;

type Keys = { first: number; last: number; count: number; edited: boolean };
const noKeys = (): Keys => ({ first: 0, last: 0, count: 0, edited: false });

// A burst of keydowns, one per character of the code and none of them editing, is a scan.
export function entryOf(code: string, keys: Keys): Entry {
  if (keys.edited || code.length === 0 || keys.count < code.length) return "keyed";
  if (keys.count < 2) return "scan";
  return (keys.last - keys.first) / (keys.count - 1) <= WEDGE_MS_PER_KEY ? "scan" : "keyed";
}

const SOFT_KEYBOARD_KEY = "tally.stations.softKeyboard";
const NOT_TEXT = new Set(["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"]);

// A form control that takes typed text.
export function isEditable(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable) return true;
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  if (element instanceof HTMLInputElement) return !NOT_TEXT.has(element.type);
  return false;
}

const dialogOpen = () => document.querySelector("dialog[open]") !== null;

// Focus is nowhere in particular: on the page body, or gone with a removed element.
const focusIsLoose = () => {
  const active = document.activeElement;
  return !active || active === document.body || active === document.documentElement;
};

type Props = {
  onScan: (code: string, entry: Entry) => void;
  label?: string;
  hint?: string;
  ref?: Ref<ScanBoxHandle>;
  // False while another field should keep the focus (the weight field at the weigh step).
  grabFocus?: boolean;
};

export function ScanBox({ onScan, label = "Scan or type a barcode", hint, ref, grabFocus = true }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const grab = useRef(grabFocus);
  grab.current = grabFocus;
  const [softKeyboard, setSoftKeyboard] = useState(() => {
    try {
      return localStorage.getItem(SOFT_KEYBOARD_KEY) !== "0";
    } catch {
      return true;
    }
  });

  const keys = useRef<Keys>(noKeys());

  const focus = useCallback(() => input.current?.focus({ preventScroll: true }), []);
  useImperativeHandle(ref, () => ({ focus }), [focus]);

  const noteKey = useCallback((event: KeyboardEvent) => {
    const k = keys.current;
    if (event.key === "Backspace" || event.key === "Delete" || ((event.ctrlKey || event.metaKey) && event.key === "v")) {
      k.edited = true;
      return;
    }
    if (event.key.length !== 1) return;
    const now = performance.now();
    if (k.count === 0) k.first = now;
    k.last = now;
    k.count += 1;
  }, []);

  const submit = useCallback(() => {
    const field = input.current;
    if (!field) return;
    const code = field.value.trim();
    field.value = ""; // the field clears itself after every scan
    const entry = entryOf(code, keys.current);
    keys.current = noKeys();
    if (code) onScanRef.current(code, entry);
  }, []);

  // Keys typed straight into the field; a field emptied by hand starts a new code.
  useEffect(() => {
    const field = input.current;
    if (!field) return;
    const keydown = (event: KeyboardEvent) => {
      if (!event.isComposing) noteKey(event);
    };
    const changed = () => {
      if (field.value === "") keys.current = noKeys();
    };
    const pasted = () => {
      keys.current.edited = true;
    };
    field.addEventListener("keydown", keydown);
    field.addEventListener("input", changed);
    field.addEventListener("paste", pasted);
    return () => {
      field.removeEventListener("keydown", keydown);
      field.removeEventListener("input", changed);
      field.removeEventListener("paste", pasted);
    };
  }, [noteKey]);

  // Focus on arrival, and whenever focus falls back to the page.
  useEffect(() => {
    if (grab.current && !isEditable(document.activeElement)) focus();
    const regain = () => {
      window.setTimeout(() => {
        if (grab.current && focusIsLoose() && !dialogOpen()) focus();
      }, 0);
    };
    const field = input.current;
    field?.addEventListener("blur", regain);
    window.addEventListener("focus", regain);
    document.addEventListener("visibilitychange", regain);
    return () => {
      field?.removeEventListener("blur", regain);
      window.removeEventListener("focus", regain);
      document.removeEventListener("visibilitychange", regain);
    };
  }, [focus]);

  useEffect(() => {
    if (grabFocus && focusIsLoose() && !dialogOpen()) focus();
  }, [grabFocus, focus]);

  // Keys typed while focus is on a button, a link or the page go into the field.
  useEffect(() => {
    const capture = (event: KeyboardEvent) => {
      const field = input.current;
      if (!field || event.defaultPrevented || event.isComposing) return;
      if (event.target === field || isEditable(event.target as Element) || dialogOpen()) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Enter") {
        if (field.value.trim()) {
          event.preventDefault();
          submit();
        }
        return;
      }
      if (event.key.length !== 1) return;
      if (event.key === " " && field.value === "") return; // Space still presses buttons
      event.preventDefault();
      noteKey(event);
      field.value += event.key;
      field.focus({ preventScroll: true }); // the next keys go straight to the field
    };
    document.addEventListener("keydown", capture, true);
    return () => document.removeEventListener("keydown", capture, true);
  }, [submit, noteKey]);

  return (
    <form
      className="scan-box"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      autoComplete="off"
    >
      <DeviceField
        label={label}
        button="Enter"
        note={hint}
        inputRef={input}
        name="scan"
        type="text"
        inputMode={softKeyboard ? "text" : "none"}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        data-scan-field=""
        extra={
          <button
            type="button"
            className="icon-button"
            aria-pressed={softKeyboard}
            title="Show the on-screen keyboard when the scan field has focus (turn off on handhelds with a built-in scanner)"
            onClick={() => {
              const next = !softKeyboard;
              setSoftKeyboard(next);
              try {
                localStorage.setItem(SOFT_KEYBOARD_KEY, next ? "1" : "0");
              } catch {
                // not kept
              }
              focus();
            }}
          >
            Keyboard
          </button>
        }
      />
    </form>
  );
}
