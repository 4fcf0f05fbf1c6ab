// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from "vitest";
import { ModalFrame } from "../../../src/settings/ui/modal";

let root: HTMLElement;
let opener: HTMLButtonElement;
let frame: ModalFrame;
let dismissed: number;

/** A frame in a chart root next to its opener; its dialog closes on dismiss, as both dialogs do. */
beforeEach(() => {
  document.body.replaceChildren();
  root = document.body.appendChild(document.createElement("div"));
  opener = root.appendChild(document.createElement("button"));
  dismissed = 0;
  const dismiss = (): void => {
    dismissed++;
    frame.close(true);
  };
  frame = new ModalFrame(root, { dismiss });
});

/** Open with a text field, an action and a hidden button (last) after the head's close button. */
function openWithContent(title = "Series 1"): { box: HTMLDivElement; field: HTMLInputElement; action: HTMLButtonElement } {
  opener.focus();
  const box = frame.open("lwcharts-test-dialog", "test-title", title, opener);
  const field = document.createElement("input");
  const hidden = document.createElement("button");
  hidden.hidden = true;
  const action = document.createElement("button");
  box.append(field, action, hidden);
  field.focus();
  return { box, field, action };
}

const $ = <T extends Element = HTMLElement>(selector: string) => root.querySelector<T>(selector);
const key = (el: Element, k: string, shiftKey = false) =>
  el.dispatchEvent(new KeyboardEvent("keydown", { key: k, shiftKey, bubbles: true, cancelable: true }));

describe("ModalFrame", () => {
  it("builds a labelled modal dialog whose title is text, never HTML", () => {
    const { box } = openWithContent("<img src=x onerror=alert(1)>");
    expect(box.getAttribute("role")).toBe("dialog");
    expect(box.getAttribute("aria-modal")).toBe("true");
    expect(box.dataset["testid"]).toBe("lwcharts-test-dialog");
    expect($(`[id="${box.getAttribute("aria-labelledby")}"]`)!.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(root.querySelector("img")).toBeNull();
    expect($("[data-testid=lwcharts-close]")!.getAttribute("aria-label")).toBe("Close settings");
    expect(root.querySelectorAll(".lwc-settings-backdrop")).toHaveLength(1);
  });

  it("closes on Esc and returns focus to the opener", () => {
    const { field } = openWithContent();
    expect(key(field, "Escape")).toBe(false);
    expect(dismissed).toBe(1);
    expect(frame.element).toBeUndefined();
    expect($("[data-testid=lwcharts-test-dialog]")).toBeNull();
    expect($(".lwc-settings-backdrop")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("keeps Esc from the page around the dialog", () => {
    const { field } = openWithContent();
    let reached = false;
    root.addEventListener("keydown", () => (reached = true));
    key(field, "Escape");
    expect(reached).toBe(false);
  });

  it("closes from the close button and the backdrop", () => {
    openWithContent();
    $<HTMLButtonElement>("[data-testid=lwcharts-close]")!.click();
    expect(frame.element).toBeUndefined();
    expect(document.activeElement).toBe(opener);
    openWithContent();
    $<HTMLElement>(".lwc-settings-backdrop")!.click();
    expect(frame.element).toBeUndefined();
    expect(dismissed).toBe(2);
  });

  it("wraps Tab and Shift+Tab inside the dialog, past hidden elements", () => {
    const { action } = openWithContent();
    const close = $<HTMLButtonElement>("[data-testid=lwcharts-close]")!;
    action.focus();
    expect(key(action, "Tab")).toBe(false); // default prevented: the frame moved focus itself
    expect(document.activeElement).toBe(close);
    expect(key(close, "Tab", true)).toBe(false);
    expect(document.activeElement).toBe(action);
    // In between, the browser moves focus (default not prevented).
    close.focus();
    expect(key(close, "Tab")).toBe(true);
  });

  it("returns focus to the first opener when opened again while open", () => {
    openWithContent();
    const other = document.createElement("button");
    root.append(other);
    frame.open("lwcharts-test-dialog", "test-title", "Series 2", other);
    expect(root.querySelectorAll("[data-testid=lwcharts-test-dialog]")).toHaveLength(1);
    expect(root.querySelectorAll(".lwc-settings-backdrop")).toHaveLength(1);
    frame.close(true);
    expect(document.activeElement).toBe(opener);
  });

  it("focuses the opener's replacement when the opener left the page", () => {
    const again = document.createElement("button");
    frame = new ModalFrame(root, { dismiss: () => frame.close(true), replacement: (lost) => (lost === opener ? again : undefined) });
    const { field } = openWithContent();
    opener.remove();
    root.append(again);
    key(field, "Escape");
    expect(document.activeElement).toBe(again);
  });

  it("leaves focus alone when closed without returning it", () => {
    const { field } = openWithContent();
    frame.close(false);
    expect(field.isConnected).toBe(false);
    expect(document.activeElement).not.toBe(opener);
  });
});
