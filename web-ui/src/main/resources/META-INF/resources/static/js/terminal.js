// <hearth-terminal data-socket="..." data-cluster="..." data-watch="true|false"> (templates/TerminalPages/terminal.html):
// an xterm.js terminal on a WebSocket to the cluster's toolbox shell (docs/portal.md, "Terminal"). Keystrokes
// go as {"type":"input"}, the fitted size as {"type":"resize"}; the shell's output comes back as binary frames
// (xterm.js decodes UTF-8 across them), notices as JSON ("watched", "closed"). A dropped socket reconnects by
// itself and the server replays the shell's recent output, so the screen is cleared first. "Run in terminal"
// buttons anywhere on this origin (the guided demo) post {cluster, command} on the BroadcastChannel
// "hearth-terminal"; the terminal of that cluster types the command.
(function () {
  "use strict";
  if (window.customElements.get("hearth-terminal")) {
    return;
  }

  class HearthTerminal extends HTMLElement {
    connectedCallback() {
      if (this.term) {
        return;
      }
      this.watch = this.dataset.watch === "true";
      this.state = this.querySelector("[data-state]");
      this.watched = this.querySelector("[data-watched]");
      this.reopenButton = this.querySelector("[data-reopen]");
      this.term = new window.Terminal({
        cursorBlink: !this.watch,
        disableStdin: this.watch,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        fontSize: 14,
        scrollback: 5000
      });
      this.fit = new window.FitAddon.FitAddon();
      this.term.loadAddon(this.fit);
      this.term.open(this.querySelector("[data-screen]"));
      this.fit.fit();
      if (!this.watch) {
        this.term.onData((data) => this.send({ type: "input", data: data }));
        this.term.onResize((size) => this.send({ type: "resize", cols: size.cols, rows: size.rows }));
      }
      this.onWindowResize = () => this.fit.fit();
      window.addEventListener("resize", this.onWindowResize);
      this.reopenButton.addEventListener("click", () => this.reopen());
      if (window.BroadcastChannel && !this.watch) {
        this.channel = new BroadcastChannel("hearth-terminal");
        this.channel.onmessage = (event) => this.run(event.data);
      }
      this.retries = 0;
      this.connect();
      this.term.focus();
    }

    disconnectedCallback() {
      this.ended = true;
      window.removeEventListener("resize", this.onWindowResize);
      if (this.channel) {
        this.channel.close();
      }
      if (this.socket) {
        this.socket.close();
      }
    }

    connect() {
      this.ended = false;
      this.opened = false;
      const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
      const url = scheme + "//" + window.location.host + this.dataset.socket
        + "?cols=" + this.term.cols + "&rows=" + this.term.rows;
      this.setState(this.retries > 0 ? "Reconnecting…" : "Connecting…");
      const socket = new WebSocket(url);
      socket.binaryType = "arraybuffer";
      this.socket = socket;
      socket.onmessage = (event) => {
        if (typeof event.data === "string") {
          this.notice(JSON.parse(event.data));
          return;
        }
        if (!this.opened) {
          // A resumed shell replays its recent output: start from a clean screen, not on top of the old one.
          this.opened = true;
          this.retries = 0;
          this.term.reset();
          this.setState(this.watch ? "Watching (read-only)" : "Open");
          this.runFromAddress();
        }
        this.term.write(new Uint8Array(event.data));
      };
      socket.onclose = () => {
        if (this.socket !== socket || this.ended) {
          return;
        }
        // A network blip or a backend restart: the shell is still there, so connect again.
        this.retries++;
        if (this.retries > 5) {
          this.closed("The connection was lost.");
          return;
        }
        this.setState("Reconnecting…");
        window.setTimeout(() => this.connect(), Math.min(8000, 500 * Math.pow(2, this.retries - 1)));
      };
    }

    notice(message) {
      if (message.type === "watched") {
        const by = message.by || [];
        this.watched.hidden = by.length === 0;
        this.watched.textContent = by.length === 0 ? "" : "Being watched by " + by.join(", ");
      } else if (message.type === "closed") {
        this.closed(message.reason);
      }
    }

    closed(reason) {
      this.ended = true;
      this.setState("Closed: " + reason);
      this.reopenButton.hidden = false;
      if (this.socket) {
        this.socket.close();
      }
    }

    reopen() {
      this.reopenButton.hidden = true;
      this.retries = 0;
      this.term.reset();
      this.connect();
      this.term.focus();
    }

    run(message) {
      if (!message || message.cluster !== this.dataset.cluster || !this.opened || this.ended) {
        return;
      }
      this.send({ type: "input", data: message.command + "\r" });
      this.channel.postMessage({ ran: this.dataset.cluster });
      this.term.focus();
    }

    /** A "Run in terminal" that found no terminal open: the page came with ?run=<commands>; typed once. */
    runFromAddress() {
      const params = new URLSearchParams(window.location.search);
      const command = params.get("run");
      if (command && !this.watch) {
        window.history.replaceState(null, "", window.location.pathname);
        // After the replayed screen and the prompt have arrived.
        window.setTimeout(() => this.send({ type: "input", data: command + "\r" }), 300);
      }
    }

    send(frame) {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        this.socket.send(JSON.stringify(frame));
      }
    }

    setState(text) {
      this.state.textContent = text;
      this.dataset.status = text;
    }
  }

  window.customElements.define("hearth-terminal", HearthTerminal);
})();
