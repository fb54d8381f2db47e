// <hearth-log-panel data-src="..."> (templates/tags/logPanel.html): follows a log stream's server-sent
// events — 'line' (id = line number, data = text) and a final 'end'. Follow keeps the newest line in
// view; Pause stops adding lines to the view but keeps receiving and counting them (they appear on
// Follow); Clear empties the view. EventSource reconnects by itself with Last-Event-ID, so the
// server resumes after the last line received and none is lost or repeated.
(function () {
  "use strict";
  if (window.customElements.get("hearth-log-panel")) {
    return;
  }

  class LogPanel extends HTMLElement {
    connectedCallback() {
      if (this.source) {
        return;
      }
      this.lines = this.querySelector("[data-lines]");
      this.state = this.querySelector("[data-state]");
      this.count = this.querySelector("[data-count]");
      this.followButton = this.querySelector("[data-follow]");
      this.pauseButton = this.querySelector("[data-pause]");
      this.received = 0;
      this.held = [];
      this.paused = false;
      this.ended = false;
      this.followButton.addEventListener("click", () => this.follow());
      this.pauseButton.addEventListener("click", () => this.pause());
      this.querySelector("[data-clear]").addEventListener("click", () => this.clear());
      this.connect();
    }

    disconnectedCallback() {
      // Swapped out of the page (htmx) or the page left: stop streaming.
      if (this.source) {
        this.source.close();
        this.source = null;
      }
    }

    connect() {
      const source = new EventSource(this.dataset.src);
      this.source = source;
      source.onopen = () => this.show(this.paused ? "paused" : "following");
      source.addEventListener("line", (e) => this.line(e.data));
      source.addEventListener("end", () => {
        this.ended = true;
        source.close();
        this.show("ended");
      });
      source.onerror = () => {
        if (this.ended) {
          return;
        }
        // CONNECTING: the browser retries with Last-Event-ID; CLOSED: the server refused (e.g. 404).
        this.show(source.readyState === EventSource.CLOSED ? "unavailable" : "reconnecting…");
      };
    }

    line(text) {
      this.received++;
      if (this.paused) {
        this.held.push(text);
      } else {
        this.append([text]);
      }
      this.updateCount();
    }

    append(texts) {
      const atBottom = this.lines.scrollTop + this.lines.clientHeight >= this.lines.scrollHeight - 4;
      const fragment = document.createDocumentFragment();
      for (const text of texts) {
        const div = document.createElement("div");
        div.className = "log-line";
        div.textContent = text;
        fragment.appendChild(div);
      }
      this.lines.appendChild(fragment);
      if (!this.paused && (atBottom || this.followButton.getAttribute("aria-pressed") === "true")) {
        this.lines.scrollTop = this.lines.scrollHeight;
      }
    }

    follow() {
      this.paused = false;
      this.followButton.setAttribute("aria-pressed", "true");
      this.pauseButton.setAttribute("aria-pressed", "false");
      if (this.held.length) {
        this.append(this.held);
        this.held = [];
      }
      this.lines.scrollTop = this.lines.scrollHeight;
      this.updateCount();
      if (!this.ended) {
        this.show("following");
      }
    }

    pause() {
      this.paused = true;
      this.followButton.setAttribute("aria-pressed", "false");
      this.pauseButton.setAttribute("aria-pressed", "true");
      if (!this.ended) {
        this.show("paused");
      }
    }

    clear() {
      this.lines.replaceChildren();
      this.held = [];
      this.updateCount();
    }

    updateCount() {
      const waiting = this.held.length ? " (" + this.held.length + " new while paused)" : "";
      this.count.textContent = this.received + (this.received === 1 ? " line" : " lines") + waiting;
    }

    show(state) {
      this.state.textContent = state;
      this.dataset.state = state;
    }
  }

  window.customElements.define("hearth-log-panel", LogPanel);
})();
