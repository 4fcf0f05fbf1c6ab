// @vitest-environment happy-dom
/**
 * The Streamlit entry's mount lifecycle under the calls Streamlit 1.67's BidiComponent makes:
 * one render call per data change, and the cleanup of a render that a newer one superseded
 * (while the module import was in flight) called with the component still in the page. The
 * chart is kept then; it is destroyed only once its parent has left the page. (The real host is
 * exercised by tests/browser/test_streamlit_live_fragment.py, which saw the race as a remount.)
 */
import { beforeEach, describe, expect, it, vi } from "vitest";

const views: { destroyed: boolean; rendered: number }[] = [];

vi.mock("../../src/chart/view", () => ({
  ChartView: class {
    readonly state = { destroyed: false, rendered: 0 };
    constructor() {
      views.push(this.state);
    }
    render(): void {
      this.state.rendered += 1;
    }
    destroy(): void {
      this.state.destroyed = true;
    }
    heldData(): Record<string, string> {
      return {};
    }
    setHostTheme(): void {}
    setSender(): void {}
    setEvents(): void {}
  },
}));

const { default: renderChart } = await import("../../src/hosts/streamlit");

type Cleanup = () => void;

function renderInto(parent: ShadowRoot): Cleanup {
  const cleanup = renderChart({
    data: new Uint8Array([1, 2, 3]),
    parentElement: parent,
    key: "st-bidi-component-1",
    name: "lwcharts",
    setStateValue: () => undefined,
    setTriggerValue: () => undefined,
  } as unknown as Parameters<typeof renderChart>[0]);
  if (typeof cleanup !== "function") throw new Error("the renderer returned no cleanup");
  return cleanup;
}

function mountPoint(): { host: HTMLElement; parent: ShadowRoot } {
  const host = document.createElement("div");
  document.body.append(host);
  return { host, parent: host.attachShadow({ mode: "open" }) };
}

beforeEach(() => {
  views.length = 0;
  document.body.innerHTML = "";
});

describe("the chart in a Streamlit page", () => {
  it("keeps its chart when Streamlit cleans up a superseded render, before or after the newer one", () => {
    const { parent } = mountPoint();
    const first = renderInto(parent);
    first(); // superseded before the newer render arrives
    const second = renderInto(parent);
    renderInto(parent);
    second(); // superseded after the newer render
    renderInto(parent);
    expect(views).toHaveLength(1);
    expect(views[0]).toEqual({ destroyed: false, rendered: 4 });
  });

  it("destroys its chart once the component has left the page, and a new mount draws afresh", () => {
    const { host, parent } = mountPoint();
    const cleanup = renderInto(parent);
    host.remove();
    cleanup();
    expect(views[0]?.destroyed).toBe(true);

    const again = mountPoint();
    renderInto(again.parent);
    expect(views).toHaveLength(2);
    expect(views[1]).toEqual({ destroyed: false, rendered: 1 });
  });

});
