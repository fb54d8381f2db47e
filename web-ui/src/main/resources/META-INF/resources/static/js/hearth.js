// Small behaviours htmx does not cover: copy-to-clipboard buttons and readable error messages for
// htmx requests that fail (the server answers those with a short message or problem+json).
(function () {
  "use strict";

  function flash(message) {
    var region = document.getElementById("flash");
    if (!region) { return; }
    region.replaceChildren();
    var box = document.createElement("div");
    box.className = "alert alert-error";
    var text = document.createElement("p");
    text.textContent = message;
    box.appendChild(text);
    region.appendChild(box);
  }

  function messageOf(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    var body = xhr.responseText || "";
    if (type.indexOf("json") >= 0) {
      try {
        var problem = JSON.parse(body);
        return problem.detail || problem.title || ("Request failed (" + xhr.status + ")");
      } catch (e) { /* fall through to the status line */ }
    }
    if (type.indexOf("text/plain") === 0 && body.length > 0 && body.length < 500) {
      return body;
    }
    return "Request failed (" + xhr.status + "). Please reload the page and try again.";
  }

  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    // OIDC answers 499 to script requests when the session has ended: sign in again.
    if (xhr.status === 499 || xhr.status === 401) {
      window.location.reload();
      return;
    }
    flash(messageOf(xhr));
  });

  // A poll ("every Ns") of an element marked data-poll-holds-on-focus skips its turn while a control inside has
  // focus, so a half-chosen option or a half-typed value stays. Here, not as an hx-trigger filter: htmx
  // evaluates filters as code, which the portal's Content-Security-Policy (no 'unsafe-eval') refuses, and the
  // refusal stopped htmx setting up the rest of the element (a cluster page's pods never loaded). A poll
  // has no triggering event; other triggers (an SSE event, a custom event) always go through.
  document.addEventListener("htmx:confirm", function (event) {
    var element = event.detail.elt;
    if (element.hasAttribute("data-poll-holds-on-focus") && !event.detail.triggeringEvent
        && element.contains(document.activeElement)) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:sendError", function () {
    flash("The server could not be reached. Check your connection and try again.");
  });

  // A successful request clears an old error message.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) {
      var region = document.getElementById("flash");
      if (region && event.detail.requestConfig && event.detail.requestConfig.verb !== "get") {
        region.replaceChildren();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) { return; }
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent.trim()).then(done);
    } else {
      // Plain-HTTP origins other than localhost have no clipboard API: select the text instead.
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      document.execCommand("copy");
      done();
    }
  });

  // "Run in terminal" (the guided demo's By hand blocks): the demo cluster's terminal window types the
  // commands (js/terminal.js listens on the BroadcastChannel "hearth-terminal" and answers {ran}); when no
  // terminal answers, the terminal page opens in its window with ?run=, and types them once its shell is up.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-run-in-terminal]");
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute("data-run-in-terminal"));
    var link = document.querySelector("a[data-terminal-link]");
    if (!source || !link) { return; }
    // The toolbox already has the cluster's kubeconfig (KUBECONFIG): the download line is for a laptop
    // (and the toolbox cannot reach the portal), and --kubeconfig <file> names a file it does not have.
    var command = source.textContent.trim().split("\n")
      .filter(function (line) { return !/^curl .*\/kubeconfig"?$/.test(line.trim()); })
      .map(function (line) { return line.replace(/ --kubeconfig \S+/g, ""); })
      .join("\r");
    var cluster = link.getAttribute("data-cluster");
    var answered = false;
    var channel = window.BroadcastChannel ? new BroadcastChannel("hearth-terminal") : null;
    if (channel) {
      channel.onmessage = function (message) {
        if (message.data && message.data.ran === cluster) { answered = true; }
      };
      channel.postMessage({ cluster: cluster, command: command });
    }
    setTimeout(function () {
      if (channel) { channel.close(); }
      if (!answered) { window.open(link.href + "?run=" + encodeURIComponent(command), link.target); }
    }, 400);
  });
})();
