// Init script (page.add_init_script) for Streamlit pages: records the page time and size of
// every websocket message the page receives, in `window.__wsArrivals`.
(() => {
  /** @type {[number, number][]} */
  const arrivals = [];
  window.__wsArrivals = arrivals;
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    /** @param {string | URL} url @param {string | string[]} [protocols] */
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        const data = event.data;
        const size = data instanceof ArrayBuffer ? data.byteLength
          : data instanceof Blob ? data.size : String(data).length;
        arrivals.push([performance.now(), size]);
      });
    }
  };
})();
