/* probe-playground embeds for docs pages: click to load.
 *
 * <div class="probe-playground" data-src="https://HOST/PATH/?embed=1#g/ID" data-title="..." data-height="480">
 *   <a href="https://HOST/PATH/#g/ID">Open in probe-playground</a>   (what shows without JavaScript)
 * </div>
 *
 * <probe-playground title="..." panes="timeline,pods" height="480" t="0:30">
 *   <pre><code data-pp="k8s">...Kubernetes YAML...</code></pre>
 *   <pre><code data-pp="behaviour">...behaviour YAML...</code></pre>
 * </probe-playground>
 *
 * Each becomes a poster (its title and a Run button); the iframe, and so the
 * WebAssembly, is made only on a click or Enter, and then plays. The second
 * form builds the #v1. link from the page's own code blocks, as a zlib stream
 * of stored blocks (valid RFC 1950, no compressor needed). data-height="auto"
 * (or no height) sizes the frame to its content. Every text is set as text.
 * Messages from a frame are passed on as a "probe-playground" DOM event on
 * its container. No other requests are made before the click.
 *
 * In embed.html (hosts that allow iframes but no scripts) the page itself
 * is the poster, and Run opens the playground in place.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href).href;
  // The poster's and the frame's border: the poster takes the frame's
  // place, border included.
  var BORDER_PX = 1;
  var BORDER = BORDER_PX + "px solid #c9d1dc";

  function adler32(bytes) {
    var a = 1, b = 0;
    for (var i = 0; i < bytes.length; i++) {
      a = (a + bytes[i]) % 65521;
      b = (b + a) % 65521;
    }
    return ((b << 16) | a) >>> 0;
  }

  // zlib header, stored deflate blocks of at most 65535 bytes, Adler-32.
  function zlibStored(data) {
    var blocks = Math.max(1, Math.ceil(data.length / 65535));
    var out = new Uint8Array(2 + data.length + blocks * 5 + 4);
    var o = 0;
    out[o++] = 0x78; out[o++] = 0x01;
    for (var i = 0; i < blocks; i++) {
      var chunk = data.subarray(i * 65535, Math.min(data.length, (i + 1) * 65535));
      var n = chunk.length;
      out[o++] = i === blocks - 1 ? 1 : 0;
      out[o++] = n & 255; out[o++] = n >> 8;
      out[o++] = ~n & 255; out[o++] = (~n >> 8) & 255;
      out.set(chunk, o); o += n;
    }
    var sum = adler32(data);
    out[o++] = sum >>> 24; out[o++] = (sum >>> 16) & 255; out[o++] = (sum >>> 8) & 255; out[o++] = sum & 255;
    return out;
  }

  function base64url(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i += 32768) {
      s += String.fromCharCode.apply(null, bytes.subarray(i, i + 32768));
    }
    return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // The v1 frame: TAG SP BYTE-LENGTH LF BYTES for each section.
  function linkFragment(k8s, behaviour, title) {
    var enc = new TextEncoder(), parts = [], size = 0;
    function section(tag, text) {
      var body = enc.encode(text), head = enc.encode(tag + " " + body.length + "\n");
      parts.push(head, body); size += head.length + body.length;
    }
    section("k", k8s);
    section("b", behaviour);
    if (title) section("t", title);
    // An empty version: the page's text is current, so it runs on the
    // playground's default Kubernetes unless its behaviour names one.
    section("v", "");
    var frame = new Uint8Array(size), o = 0;
    parts.forEach(function (p) { frame.set(p, o); o += p.length; });
    return "#v1." + base64url(zlibStored(frame));
  }

  // Adds query parameters to a link, before its fragment.
  function withParams(src, params) {
    var hash = src.indexOf("#") < 0 ? "" : src.slice(src.indexOf("#"));
    var head = hash ? src.slice(0, src.length - hash.length) : src;
    var extra = Object.keys(params).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]);
    }).join("&");
    return head + (head.indexOf("?") < 0 ? "?" : "&") + extra + hash;
  }

  function el(tag, text) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    return e;
  }

  function poster(container, title, height, openUrl, run) {
    var box = el("div");
    box.className = "probe-playground-poster";
    var s = box.style;
    s.boxSizing = "border-box"; s.display = "flex"; s.flexDirection = "column"; s.alignItems = "center";
    s.justifyContent = "center"; s.gap = "10px"; s.padding = "16px";
    // The frame's own height and border (BORDER_PX on each side), so the
    // docs page around it does not move when it loads; an auto-sized frame's
    // height is not known before it loads.
    if (height) s.height = height + 2 * BORDER_PX + "px"; else s.minHeight = "240px";
    s.border = BORDER; s.borderRadius = "8px"; s.background = "#f4f6f9"; s.color = "#1c2330";
    s.font = "15px system-ui, sans-serif"; s.textAlign = "center";
    var heading = el("p", title || "probe-playground");
    heading.style.margin = "0"; heading.style.fontWeight = "650";
    var button = el("button", "\u25B6 Run simulation");
    button.type = "button";
    button.style.font = "inherit"; button.style.padding = "6px 14px"; button.style.cursor = "pointer";
    var open = el("a", "Open in probe-playground");
    open.href = openUrl;
    open.style.fontSize = "13px";
    button.addEventListener("click", function () { run(box); });
    box.appendChild(heading); box.appendChild(button); box.appendChild(open);
    container.insertBefore(box, container.firstChild);
    return box;
  }

  function frame(container, src, title, height, box) {
    var auto = !height;
    var params = { autoplay: "1" };
    if (auto) params.autoresize = "1";
    if (/^https?:$/.test(location.protocol)) params.origin = location.origin;
    var iframe = el("iframe");
    iframe.src = withParams(src, params);
    iframe.title = title || "probe-playground";
    iframe.setAttribute("allow", "clipboard-write");
    iframe.style.width = "100%"; iframe.style.border = BORDER; iframe.style.borderRadius = "8px";
    iframe.style.height = (height || 480) + "px";
    iframe.style.display = "block";
    window.addEventListener("message", function (e) {
      var d = e.data;
      if (e.source !== iframe.contentWindow || !d || d.source !== "probe-playground" || d.v !== 1) return;
      if (d.type === "resize" && auto && typeof d.height === "number") iframe.style.height = Math.ceil(d.height) + "px";
      container.dispatchEvent(new CustomEvent("probe-playground", { detail: d }));
    });
    container.replaceChild(iframe, box);
    iframe.focus();
    return iframe;
  }

  function heightOf(value) {
    var n = parseInt(value, 10);
    return n > 0 ? n : 0;
  }

  function setUpDiv(div) {
    var src = new URL(div.getAttribute("data-src"), location.href).href;
    var title = div.getAttribute("data-title") || "";
    var height = heightOf(div.getAttribute("data-height"));
    var fallback = div.querySelector("a[href]");
    var open = fallback ? fallback.href : src;
    Array.prototype.forEach.call(div.children, function (c) { c.hidden = true; });
    var run = function (box) { frame(div, src, title, height, box); };
    var box = poster(div, title, height, open, run);
    if (div.getAttribute("data-loading") === "eager") run(box);
  }

  function setUpElement(host) {
    var title = host.getAttribute("title") || "";
    host.removeAttribute("title");
    var height = heightOf(host.getAttribute("height"));
    var code = function (name) {
      var c = host.querySelector('code[data-pp="' + name + '"]');
      return c ? c.textContent : "";
    };
    var query = ["embed=1"];
    ["panes", "t", "speed", "theme", "until", "loop", "readonly", "controls"].forEach(function (name) {
      var v = host.getAttribute(name);
      if (v !== null) query.push(name + "=" + encodeURIComponent(v));
    });
    var run = function (box) {
      var fragment = linkFragment(code("k8s"), code("behaviour"), title);
      Array.prototype.forEach.call(host.children, function (c) { if (c !== box) c.hidden = true; });
      frame(host, base + "?" + query.join("&") + fragment, title, height, box);
    };
    var box = poster(host, title, height, base, run);
    // The poster's link opens the page's own scenario, made when it is followed.
    box.querySelector("a").addEventListener("click", function (e) {
      e.currentTarget.href = base + linkFragment(code("k8s"), code("behaviour"), title);
    });
  }

  // embed.html: this page is the poster for the playground beside it.
  function setUpSelf(root) {
    var params = new URLSearchParams(location.search);
    var title = params.get("title") || "probe-playground";
    document.title = title;
    var query = location.search ? location.search.slice(1) : "embed=1";
    var target = "./?" + query + location.hash;
    root.textContent = "";
    var box = poster(root, title, 0, "./" + location.hash, function () {
      location.replace(withParams(target, { autoplay: "1" }));
    });
    box.style.minHeight = "100vh";
    box.querySelector("a").target = "_blank";
  }

  function init() {
    var self = document.getElementById("probe-playground-self");
    if (self) return setUpSelf(self);
    Array.prototype.forEach.call(document.querySelectorAll("div.probe-playground[data-src]"), setUpDiv);
    Array.prototype.forEach.call(document.querySelectorAll("probe-playground"), setUpElement);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
