/*
 * The map's own runtime (geodata.mapping.runtime): one file served beside Leaflet.
 *
 * Sections, each separate from how layer data reaches and is drawn in the page
 * (geodata.mapping.payload and gd-data.js):
 *   setup      controls in the page's language, attribution, focus without scrolling
 *   symbols    one icon per layer colour, symbol and status (built / under
 *              construction / planned drawn differently)
 *   clusters   the ring of a cluster: the colours of the layers inside it, paler
 *              for planned places (gd-data.js makes ONE set of clusters across
 *              every point layer)
 *   legend     rows registered by the layers on the map, in catalog order
 *   labels     banner and seat names placed around symbols and each other
 *   slides     presenter mode: the slide's extent fits the map at any size
 *              (also in full screen), keys go to the page, "slide shown" signal
 *
 * Every text reaching innerHTML here was escaped in Python; label texts are set
 * with textContent.
 */
(function () {
  'use strict';
  if (window.gd) { return; }
  var gd = window.gd = {map: null, text: {}, projector: false};

  // ---- setup ---------------------------------------------------------------

  gd.setup = function (map, opts) {
    gd.map = map;
    gd.text = opts.text || {};
    gd.projector = !!opts.projector;
    map._gd = {opts: opts, entries: {}, labels: [], obstacles: [], extent: null};
    var box = map.getContainer();
    box.classList.add(gd.projector ? 'gd-projector' : 'gd-planner');
    if (opts.fill) {
      // the page sets the frame's height; the map follows it (the style sheet
      // may still be loading, so say it here too)
      document.body.classList.add('gd-fill');
      box.style.setProperty('height', '100vh', 'important');
      map.invalidateSize();
    }
    if (map.attributionControl) { map.attributionControl.setPrefix(opts.attribution || ''); }
    if (map.zoomControl) {
      relabel(map.zoomControl._zoomInButton, gd.text.zoom_in);
      relabel(map.zoomControl._zoomOutButton, gd.text.zoom_out);
    }
    legendControl(map);
    labelPane(map);
    // gd-data.js fires gd:drawn after it has drawn symbols: place names again
    map.on('zoomend moveend resize gd:drawn', function () { schedule(map); });
    // fonts and the style sheet arrive after the map is made: place again then
    [400, 1200, 3000].forEach(function (ms) { setTimeout(function () { schedule(map); }, ms); });
    if (document.fonts && document.fonts.ready) {
      document.fonts.ready.then(function () { schedule(map); });
    }
    if (gd.projector) { projector(map); }
  };

  function relabel(el, text) {
    if (!el || !text) { return; }
    el.title = text;
    el.setAttribute('aria-label', text);
  }

  // Leaflet names its layers button in English; controls made later (streamlit-
  // folium adds the layer control after the map) take the page's word for it.
  var initLayers = L.Control.Layers.prototype._initLayout;
  L.Control.Layers.prototype._initLayout = function () {
    initLayers.call(this);
    relabel(this._layersLink, gd.text.layers);
  };
  // Leaflet focuses the map on mouse-down; inside an iframe that scrolls the page
  // to the map, so the first click lands 95 px off. Focus without scrolling.
  L.Map.Keyboard.prototype._onMouseDown = function () {
    if (this._focused) { return; }
    this._map._container.focus({preventScroll: true});
  };

  // ---- symbols -------------------------------------------------------------

  var icons = {};
  gd.symbolSize = function () {
    if (!gd.projector || !gd.map) { return 18; }
    var s = gd.map.getSize();
    return Math.max(22, Math.min(40, Math.round(Math.min(s.x, s.y) * 0.042)));
  };

  gd.icon = function (style, status) {
    var size = gd.symbolSize();
    var key = [style.color, style.symbol, status, size].join('|');
    if (!icons[key]) {
      icons[key] = L.divIcon({
        html: '<span class="gd-g" style="color:' + style.color + '">'
          + style.symbol + '</span>',
        className: 'gd-sym gd-st-' + (status || 'none'),
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2]
      });
    }
    return icons[key];
  };

  // ---- cluster rings ----------------------------------------------------------
  // (points and clusters are drawn by gd-data.js; a cluster's ring is made here)

  // a planned place tints its layer's colour, one under construction half-tints it
  var TINT = {planned: 35, under_construction: 65};
  gd.tint = function (color, status) {
    var c = color || '#666';
    return status in TINT ? 'color-mix(in srgb, ' + c + ' ' + TINT[status] + '%, #fff)' : c;
  };

  /** A cluster icon for ``counts`` (ring colour -> how many) of ``n`` places. */
  gd.clusterIcon = function (counts, n) {
    var stops = [], at = 0, order = Object.keys(counts).sort();  // same mix, same ring
    order.forEach(function (c) {
      var next = at + counts[c] / n * 360;
      stops.push(c + ' ' + at.toFixed(1) + 'deg ' + next.toFixed(1) + 'deg');
      at = next;
    });
    var base = gd.projector ? 40 : 30;
    var size = Math.round(base + Math.min(18, 5 * Math.log10(n)));
    return L.divIcon({
      html: '<div style="background:conic-gradient(' + stops.join(',') + ')">'
        + '<span>' + n + '</span></div>',
      className: 'marker-cluster gd-cluster',
      iconSize: [size, size]
    });
  };

  function whileShown(group, on, off) {
    group.on('add', function () { on(gd.map); });
    group.on('remove', function () { off(gd.map); });
    if (group._map) { on(gd.map); }
  }

  // ---- legend --------------------------------------------------------------

  function legendControl(map) {
    var control = L.control({position: 'bottomright'});
    control.onAdd = function () {
      var div = L.DomUtil.create('div', 'gd-legend');
      // the heading folds the legend away, for a small map
      L.DomEvent.on(div, 'click', function (e) {
        if (e.target.tagName === 'B') {
          div.classList.toggle('gd-folded');
          schedule(map);
        }
      });
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      map._gd.legend = div;
      renderLegend(map);
      return div;
    };
    control.addTo(map);
  }

  /** A layer's legend row, shown while its group is on the map. */
  gd.legend = function (group, entry) {
    whileShown(group, function (map) {
      map._gd.entries[entry.id] = entry;
      renderLegend(map);
    }, function (map) {
      delete map._gd.entries[entry.id];
      renderLegend(map);
    });
  };

  function swatch(entry, status) {
    var cls = 'gd-sw gd-sw-' + entry.kind + ' gd-st-' + (status || 'none');
    if (entry.kind === 'point') {
      return '<span class="' + cls + ' gd-sym"><span class="gd-g" style="color:'
        + entry.color + '">' + entry.symbol + '</span></span>';
    }
    return '<span class="' + cls + '" style="--c:' + entry.color + '"></span>';
  }

  function renderLegend(map) {
    var d = map._gd, div = d.legend;
    if (!div) { return; }
    var entries = Object.keys(d.entries).map(function (k) { return d.entries[k]; });
    entries.sort(function (a, b) { return a.order - b.order; });
    var rows = ['<b>' + (gd.text.legend || '') + '</b>'];
    entries.forEach(function (e) {
      rows.push('<div class="gd-row">' + swatch(e, e.statuses.length ? e.statuses[0][0]
        : '') + '<span>' + e.title + '</span></div>');
      if (e.statuses.length) {
        rows.push('<div class="gd-row gd-sub">' + e.statuses.map(function (s) {
          return '<span class="gd-st">' + swatch(e, s[0]) + s[1] + '</span>';
        }).join('') + '</div>');
      }
    });
    (d.opts.base || []).forEach(function (e) {
      rows.push('<div class="gd-row gd-base">' + swatch(e, '') + '<span>' + e.title
        + '</span></div>');
    });
    div.innerHTML = rows.join('');
  }

  // ---- labels --------------------------------------------------------------

  function labelPane(map) {
    var pane = map.createPane('gdLabels');
    pane.style.zIndex = 450;  // above shapes, below symbols and clusters
    pane.style.pointerEvents = 'none';
  }

  /** Banner and seat names (``kind`` "banner" or "seat") while ``group`` is shown. */
  gd.labels = function (group, list) {
    var made = null;
    whileShown(group, function (map) {
      var pane = map.getPane('gdLabels');
      made = list.map(function (l) {
        var el = L.DomUtil.create('div', 'gd-label gd-label-' + l.kind, pane);
        // placed by measuring: say here what the (maybe still loading) CSS says
        el.style.position = 'absolute';
        el.style.whiteSpace = 'nowrap';
        el.textContent = l.text;
        return {lat: l.lat, lng: l.lng, kind: l.kind, el: el};
      });
      map._gd.labels = map._gd.labels.concat(made);
      made.forEach(function (l) {
        if (l.kind === 'seat') { map._gd.obstacles.push(L.latLng(l.lat, l.lng)); }
      });
      schedule(map);
    }, function (map) {
      if (!made) { return; }
      made.forEach(function (l) { L.DomUtil.remove(l.el); });
      map._gd.labels = map._gd.labels.filter(function (l) { return made.indexOf(l) < 0; });
      map._gd.obstacles = [];
      made = null;
    });
  };

  var timers = {};
  function schedule(map) {
    clearTimeout(timers.labels);
    timers.labels = setTimeout(function () { placeLabels(map); }, 80);
  }

  function overlaps(a, b) {
    return a.x1 > b.x0 && a.x0 < b.x1 && a.y1 > b.y0 && a.y0 < b.y1;
  }

  function area(a, list) {
    var total = 0;
    list.forEach(function (b) {
      if (overlaps(a, b)) {
        total += (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0))
          * (Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));
      }
    });
    return total;
  }

  function symbolRects(map) {
    var box = map.getContainer().getBoundingClientRect(), out = [];
    var icons = map.getPane('markerPane').querySelectorAll('.leaflet-marker-icon');
    for (var i = 0; i < icons.length; i++) {
      var r = icons[i].getBoundingClientRect();
      if (r.width && r.height) {
        out.push({x0: r.left - box.left - 2, y0: r.top - box.top - 2,
                  x1: r.right - box.left + 2, y1: r.bottom - box.top + 2});
      }
    }
    // the legend and the other controls cover the map too
    var controls = map.getContainer().querySelectorAll('.leaflet-control');
    for (var j = 0; j < controls.length; j++) {
      var c = controls[j].getBoundingClientRect();
      if (c.width && c.height) {
        out.push({x0: c.left - box.left, y0: c.top - box.top,
                  x1: c.right - box.left, y1: c.bottom - box.top});
      }
    }
    map._gd.obstacles.forEach(function (ll) {
      var p = map.latLngToContainerPoint(ll);
      out.push({x0: p.x - 5, y0: p.y - 5, x1: p.x + 5, y1: p.y + 5});
    });
    return out;
  }

  var CANDIDATES = {
    banner: [[0, 0], [0, -1.15], [0, 1.15], [0, -2.3], [0, 2.3], [-0.65, 0], [0.65, 0]],
    seat: [[0.5, 0, 8], [-0.5, 0, -8], [0, -1, 0], [0, 1, 0]]
  };

  function placeLabels(map) {
    var d = map._gd;
    if (!d || !d.labels.length) { return; }
    var blocked = symbolRects(map), placed = [];
    ['banner', 'seat'].forEach(function (kind) {
      d.labels.forEach(function (l) {
        if (l.kind !== kind) { return; }
        l.el.style.display = '';
        var w = l.el.offsetWidth, h = l.el.offsetHeight;
        var at = map.latLngToContainerPoint([l.lat, l.lng]), best = null;
        CANDIDATES[kind].forEach(function (c) {
          var x = at.x + c[0] * w + (c[2] || 0) - w / 2, y = at.y + c[1] * h - h / 2;
          var r = {x0: x, y0: y, x1: x + w, y1: y + h};
          var cost = area(r, blocked) + area(r, placed) * 4;
          if (best === null || cost < best.cost) { best = {r: r, cost: cost}; }
        });
        if (kind === 'seat' && best.cost > 0) {
          l.el.style.display = 'none';  // a seat name never covers anything
          return;
        }
        placed.push(best.r);
        var p = map.containerPointToLayerPoint([best.r.x0, best.r.y0]);
        L.DomUtil.setPosition(l.el, p);
      });
    });
  }

  // ---- slides --------------------------------------------------------------

  function projector(map) {
    if (map.keyboard) { map.keyboard.disable(); }  // arrow keys step slides
    document.addEventListener('keydown', function (e) {
      if (window.parent !== window) {
        window.parent.postMessage({gd: 'key', key: e.key}, '*');
      }
    });
    map.on('enterFullscreen exitFullscreen', function () {
      setTimeout(function () { fit(map); }, 150);
    });
    var last = map.getSize();
    map.on('resize', function () {
      var now = map.getSize();
      if (now.x !== last.x || now.y !== last.y) { last = now; fit(map); }
    });
  }

  function fit(map) {
    var b = map._gd && map._gd.extent;
    if (b) { map.fitBounds(b, {animate: false}); }
  }

  /** The slide's extent: fitted now, again on resize and in full screen. */
  gd.slide = function (group, view) {
    whileShown(group, function (map) {
      map._gd.extent = view.bounds;
      map._gd.token = view.token;  // the page may ask later (it may load after us)
      map.invalidateSize();
      fit(map);
      if (window.parent !== window) {
        window.parent.postMessage({gd: 'slide', token: view.token}, '*');
      }
    }, function () {});
  };
})();
