/*
 * Layer data in the page (geodata.mapping.payload): fetch, decode, draw what is seen.
 *
 *   payloads   fetched once per digest (or read from the page, standalone HTML),
 *              inflated by the browser (DecompressionStream), kept as typed arrays;
 *              names are one string, sliced when a symbol is drawn
 *   masks      which rows a view shows: a filter change sends only this
 *   points     ONE set of markers per map for every point layer, made only for
 *              what is on screen: a grid of clusters (rings coloured by the
 *              layers in them, gd-map.js) below CLUSTER_ZOOM, single symbols
 *              (status symbols, gd-map.js) above it or when few
 *   shapes     lines and areas as Leaflet GeoJSON
 *   context    the offline basemap: city, banner boundaries and labels, river, seats
 *
 * Every text from the data is set with textContent, or HTML-escaped here where
 * Leaflet takes a string: a name is shown as text, never run as HTML. The one
 * exception is a standalone page's details, HTML escaped in Python
 * (geodata.mapping.picking.details_html).
 */
(function () {
  'use strict';
  if (window.gdData) { return; }
  var D = window.gdData = {};

  var CLUSTER_ZOOM = 13;    // from this zoom on, symbols are drawn one by one...
  var MAX_SINGLES = 1500;   // ...unless more than this many are on screen
  var CELL = 64;            // cluster grid, in screen pixels
  var SPREAD = 40;          // clusters at one spot up to this size fan out on click

  D.escape = function (text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}[c];
    });
  };

  // ---- payloads ------------------------------------------------------------

  var payloads = {};

  function fromBase64(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { out[i] = raw.charCodeAt(i); }
    return out;
  }

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Response(stream).arrayBuffer();
  }

  function fetchBytes(src) {
    if (src.url) {
      return fetch(src.url).then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status + ' for ' + src.url); }
        return r.arrayBuffer();
      });
    }
    var el = document.getElementById('gd-data-' + src.digest);
    if (!el) { return Promise.reject(new Error('no inline data ' + src.digest)); }
    return Promise.resolve(fromBase64(el.textContent.trim()));
  }

  D.load = function (src) {
    if (!payloads[src.digest]) {
      payloads[src.digest] = fetchBytes(src).then(inflate).then(parse);
      payloads[src.digest].catch(function () { delete payloads[src.digest]; });
    }
    return payloads[src.digest];
  };

  var TYPES = {i32: Int32Array, u8: Uint8Array, u16: Uint16Array, u32: Uint32Array,
               utf16: Uint16Array};

  function parse(buf) {
    var bytes = new Uint8Array(buf);
    if (String.fromCharCode(bytes[0], bytes[1], bytes[2], bytes[3]) !== 'GDP1') {
      throw new Error('not a geodata map payload');
    }
    var size = new DataView(buf).getUint32(4, true);
    var header = JSON.parse(new TextDecoder('utf-8').decode(bytes.subarray(8, 8 + size)));
    var start = 8 + size + ((4 - (8 + size) % 4) % 4), blocks = {};
    Object.keys(header.blocks).forEach(function (name) {
      var b = header.blocks[name], T = TYPES[b[2]];
      blocks[name] = new T(buf, start + b[0], b[1] / T.BYTES_PER_ELEMENT);
    });
    if (header.kind === 'context') { return header; }
    return points(header, blocks);
  }

  function points(h, b) {
    var n = h.n, lng = new Float64Array(n), lat = new Float64Array(n);
    var mx = new Float64Array(n), my = new Float64Array(n), offs = new Uint32Array(n + 1);
    var x = h.x0;
    for (var i = 0; i < n; i++) {
      x += b.x[i];
      lng[i] = x / h.scale;
      lat[i] = (h.y0 + b.y[i]) / h.scale;
      mx[i] = (lng[i] + 180) / 360;  // Web Mercator, 0..1 (Leaflet's EPSG:3857)
      var s = Math.sin(lat[i] * Math.PI / 180);
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
      offs[i + 1] = offs[i] + b.l[i];
    }
    var text = n ? new TextDecoder('utf-16le').decode(b.t) : '';
    var details = null;
    if (b.dl) {
      var doffs = new Uint32Array(n + 1), dtext = new TextDecoder('utf-16le').decode(b.dt);
      for (var k = 0; k < n; k++) { doffs[k + 1] = doffs[k] + b.dl[k]; }
      details = function (j) { return dtext.substring(doffs[j], doffs[j + 1]); };
    }
    return {header: h, n: n, details: details, lng: lng, lat: lat, mx: mx, my: my, banner: b.b,
            status: b.s, prefixed: b.p, shapes: h.shapes, name: function (j) {
              var head = this.prefixed[j] ? h.banners[this.banner[j] - 1][0] : '';
              return head + text.substring(offs[j], offs[j + 1]);
            }};
  }

  // The rows a mask shows: point rows (ascending) and a test for shape rows.
  function shown(data, mask) {
    if (!mask) {
      var all = new Uint32Array(data.n);
      for (var i = 0; i < data.n; i++) { all[i] = i; }
      return Promise.resolve({rows: all, has: function () { return true; }});
    }
    return inflate(fromBase64(mask)).then(function (buf) {
      var bits = new Uint8Array(buf), rows = [];
      var has = function (r) { return (bits[r >> 3] >> (r & 7)) & 1; };
      for (var r = 0; r < data.n; r++) { if (has(r)) { rows.push(r); } }
      return {rows: Uint32Array.from(rows), has: has};
    });
  }

  // ---- points ----------------------------------------------------------------

  function state(map) {
    if (!map._gdData) {
      // Symbols' clicks bubble to ``layer`` (streamlit-folium reports them from
      // there); clusters only zoom, so they sit in a group that passes nothing on.
      map._gdData = {layer: L.featureGroup().addTo(map), clusters: L.layerGroup().addTo(map),
                     sets: [], drawn: {}, timer: null, spread: null};
      map.on('moveend zoomend resize', function () { schedule(map); });
    }
    return map._gdData;
  }

  function schedule(map) {
    var st = state(map);
    clearTimeout(st.timer);
    st.timer = setTimeout(function () { redraw(map); }, 30);
  }

  /** A point layer's rows, shown while its feature ``group`` is on the map. */
  D.points = function (group, spec) {
    var entry = {spec: spec, data: null, rows: null, failed: false};
    var ready = D.load(spec.src).then(function (data) {
      entry.data = data;
      // each status code's colour in a cluster's ring
      entry.rings = [gd.tint(spec.color, '')].concat(data.header.statuses.map(function (_, i) {
        return gd.tint(spec.color, statusOf(entry, i + 1));
      }));
      if (spec.shapes) { D.shapes(group, data, spec); }
      return shown(data, spec.mask);
    }).then(function (sel) {
      if (spec.circles) {  // a few features drawn apart, never clustered
        circles(group, entry.data, sel.rows, spec);
        return;
      }
      entry.rows = sel.rows;
      entry.has = sel.has;
      if (entry.map) { schedule(entry.map); }
    }).catch(function (err) {
      entry.failed = true;
      notice(group, spec, err);
    });
    group.on('add', function () { attach(group._map, entry); });
    group.on('remove', function () { detach(entry); });
    if (group._map) { attach(group._map, entry); }
    entry.ready = ready;
    return ready;
  };

  function circles(group, data, rows, spec) {
    for (var j = 0; j < rows.length; j++) {
      var r = rows[j];
      L.circleMarker([data.lat[r], data.lng[r]], spec.circles)
        .bindTooltip(D.escape(data.name(r)))
        .addTo(group);
    }
  }

  function attach(map, entry) {
    if (entry.spec.circles) { return; }
    var st = state(map);
    entry.map = map;
    if (st.sets.indexOf(entry) < 0) { st.sets.push(entry); }
    schedule(map);
  }

  function detach(entry) {
    var map = entry.map;
    if (!map) { return; }
    var st = state(map);
    st.sets = st.sets.filter(function (e) { return e !== entry; });
    entry.map = null;
    schedule(map);
  }

  function notice(group, spec, err) {
    if (window.console) { console.error('geodata layer data:', err); }
    var map = group._map;
    if (!map || map._gdNotice) { return; }
    var box = L.control({position: 'bottomleft'});
    box.onAdd = function () {
      var div = L.DomUtil.create('div', 'gd-data-notice');
      div.textContent = spec.failed || 'Layer data could not be loaded.';
      return div;
    };
    map._gdNotice = box.addTo(map);
  }

  // First index of sorted ``a`` (over ``rows``) at or above ``v``.
  function lower(rows, a, v) {
    var lo = 0, hi = rows.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (a[rows[mid]] < v) { lo = mid + 1; } else { hi = mid; }
    }
    return lo;
  }

  function visible(map) {
    var z = map.getZoom(), scale = 256 * Math.pow(2, z), b = map.getPixelBounds();
    var size = b.getSize(), pad = 0.25;
    return {zoom: z, scale: scale, x0: (b.min.x - size.x * pad) / scale,
            x1: (b.max.x + size.x * pad) / scale, y0: (b.min.y - size.y * pad) / scale,
            y1: (b.max.y + size.y * pad) / scale};
  }

  // Each (set, row) on screen, in a grid of CELL-pixel cells anchored to the world,
  // so panning does not move clusters around.
  function bin(sets, view) {
    var cells = new Map(), total = 0;
    sets.forEach(function (entry, k) {
      var d = entry.data, rows = entry.rows;
      for (var j = lower(rows, d.mx, view.x0); j < rows.length; j++) {
        var r = rows[j], x = d.mx[r];
        if (x > view.x1) { break; }
        var y = d.my[r];
        if (y < view.y0 || y > view.y1) { continue; }
        total++;
        var key = Math.floor(x * view.scale / CELL) * 1e7 + Math.floor(y * view.scale / CELL);
        var c = cells.get(key);
        if (!c) { c = {key: key, n: 0, x: 0, y: 0, items: []}; cells.set(key, c); }
        c.n++;
        c.x += x;
        c.y += y;
        if (c.items.length < 2 * SPREAD) { c.items.push(k, r); }
        var ring = entry.rings[d.status[r]];
        c.counts = c.counts || {};
        c.counts[ring] = (c.counts[ring] || 0) + 1;
      }
    });
    return {cells: merge(cells, view.scale), total: total};
  }

  // Grid cells alone draw clusters in a lattice; a cell also takes in its
  // neighbours whose centre is nearer than a cell's width (largest cells first).
  function merge(cells, scale) {
    var list = Array.from(cells.values()).sort(function (a, b) { return b.n - a.n; });
    var gone = new Set(), out = new Map();
    list.forEach(function (c) {
      if (gone.has(c.key)) { return; }
      var cx = Math.floor(c.key / 1e7), cy = c.key % 1e7;
      for (var dx = -1; dx <= 1; dx++) {
        for (var dy = -1; dy <= 1; dy++) {
          var other = cells.get((cx + dx) * 1e7 + cy + dy);
          if (!other || other === c || gone.has(other.key)) { continue; }
          var ex = (other.x / other.n - c.x / c.n) * scale;
          var ey = (other.y / other.n - c.y / c.n) * scale;
          if (ex * ex + ey * ey > CELL * CELL) { continue; }
          gone.add(other.key);
          c.n += other.n;
          c.x += other.x;
          c.y += other.y;
          Object.keys(other.counts).forEach(function (k) {
            c.counts[k] = (c.counts[k] || 0) + other.counts[k];
          });
          for (var i = 0; i + 1 < other.items.length && c.items.length < 2 * SPREAD;
               i += 2) {
            c.items.push(other.items[i], other.items[i + 1]);
          }
        }
      }
      out.set(c.key, c);
    });
    return out;
  }

  function redraw(map) {
    var st = state(map);
    var sets = st.sets.filter(function (e) { return e.rows; });
    var view = visible(map), grid = bin(sets, view), want = {};
    var singles = view.zoom >= CLUSTER_ZOOM && grid.total <= MAX_SINGLES;
    grid.cells.forEach(function (c) {
      if (c.n === 1 || (singles && c.n <= SPREAD)) {
        for (var i = 0; i < c.items.length; i += 2) {
          var entry = sets[c.items[i]];
          want['p' + c.items[i + 1] + ':' + entry.spec.src.digest + ':' + entry.spec.id] =
            {set: entry, row: c.items[i + 1]};
        }
      } else {
        var mix = Object.keys(c.counts).sort().map(function (k) {
          return k + '=' + c.counts[k];
        });
        want['c' + c.key + ':' + c.n + ':' + mix.join(',')] = {cell: c, sets: sets};
      }
    });
    Object.keys(st.drawn).forEach(function (key) {
      if (!want[key]) {
        (key[0] === 'c' ? st.clusters : st.layer).removeLayer(st.drawn[key]);
        delete st.drawn[key];
      }
    });
    Object.keys(want).forEach(function (key) {
      if (!st.drawn[key]) {
        var w = want[key];
        st.drawn[key] = w.cell ? cluster(map, w.cell, w.sets, view) : single(w.set, w.row);
        (w.cell ? st.clusters : st.layer).addLayer(st.drawn[key]);
      }
    });
    map.fire('gd:drawn');
  }

  // The catalog status of a row ('' when none or not a catalog value).
  function statusOf(entry, code) {
    var raw = code ? entry.data.header.statuses[code - 1][0] : '';
    return (entry.spec.statuses || []).indexOf(raw) >= 0 ? raw : '';
  }

  function icon(entry, row) {
    return gd.icon({color: entry.spec.color, symbol: entry.spec.symbol},
                   statusOf(entry, entry.data.status[row]));
  }

  function label(entry, table, code) {
    if (!code) { return ''; }
    var row = entry.data.header[table][code - 1];
    return entry.spec.lang === 'en' ? row[2] : row[1];
  }

  function popup(entry, row) {
    var box = document.createElement('div'), b = document.createElement('b');
    b.textContent = entry.data.name(row);
    box.appendChild(b);
    if (entry.data.details) {  // a standalone page: every attribute, escaped in Python
      box.insertAdjacentHTML('beforeend', entry.data.details(row));
      return box;
    }
    var line = [label(entry, 'banners', entry.data.banner[row]),
                label(entry, 'statuses', entry.data.status[row])].filter(Boolean);
    if (line.length) {
      box.appendChild(document.createElement('br'));
      box.appendChild(document.createTextNode(line.join(' · ')));
    }
    if (entry.spec.hint) {
      var small = document.createElement('small');
      small.textContent = entry.spec.hint;
      box.appendChild(document.createElement('br'));
      box.appendChild(small);
    }
    return box;
  }

  function single(entry, row) {
    var d = entry.data;
    var m = L.marker([d.lat[row], d.lng[row]], {icon: icon(entry, row), keyboard: false,
                                                gdLayer: entry.spec.id, gdRow: row});
    // a string, so streamlit-folium reports the clicked name as text
    m.bindTooltip(D.escape(d.name(row)), {direction: 'top', offset: [0, -8]});
    m.bindPopup(function () { return popup(entry, row); });
    return m;
  }

  function cluster(map, cell, sets, view) {
    var at = map.unproject([cell.x / cell.n * view.scale, cell.y / cell.n * view.scale],
                           view.zoom);
    var m = L.marker(at, {icon: gd.clusterIcon(cell.counts, cell.n), keyboard: false});
    m.on('click', function (e) {
      L.DomEvent.stopPropagation(e);  // not a click on the map: a spread stays open
      open(map, cell, sets, view);
    });
    return m;
  }

  // Zoom into a cluster; one whose points sit (nearly) at one spot fans out.
  function open(map, cell, sets, view) {
    var pts = [];
    for (var i = 0; i < cell.items.length; i += 2) {
      var d = sets[cell.items[i]].data, r = cell.items[i + 1];
      pts.push(L.latLng(d.lat[r], d.lng[r]));
    }
    var bounds = L.latLngBounds(pts), px = map.project(bounds.getNorthEast(), view.zoom)
      .distanceTo(map.project(bounds.getSouthWest(), view.zoom));
    if (cell.n > SPREAD || (px > 4 && view.zoom < map.getMaxZoom())) {
      var target = Math.min(map.getBoundsZoom(bounds, false, [40, 40]), map.getMaxZoom());
      map.setView(bounds.getCenter(), Math.max(target, view.zoom + 1));
      return;
    }
    spread(map, cell, sets);
  }

  function spread(map, cell, sets) {
    var st = state(map);
    if (st.spread) { st.layer.removeLayer(st.spread); }
    var group = L.featureGroup(), n = cell.items.length / 2;
    var centre = map.latLngToLayerPoint(L.latLng(
      sets[cell.items[0]].data.lat[cell.items[1]], sets[cell.items[0]].data.lng[cell.items[1]]));
    var radius = Math.max(24, n * 5);
    for (var i = 0; i < n; i++) {
      var angle = 2 * Math.PI * i / n;
      var p = centre.add(L.point(Math.cos(angle) * radius, Math.sin(angle) * radius));
      var m = single(sets[cell.items[2 * i]], cell.items[2 * i + 1]);
      m.setLatLng(map.layerPointToLatLng(p));
      L.polyline([map.layerPointToLatLng(centre), m.getLatLng()],
                 {color: '#666', weight: 1, interactive: false}).addTo(group);
      group.addLayer(m);
    }
    st.spread = group;
    st.layer.addLayer(group);  // clicks on the fanned symbols reach the host too
    var inside = false;
    group.on('click', function () { inside = true; });
    function close(e) {
      if (e.type === 'click' && inside) { inside = false; return; }  // on a fanned one
      st.layer.removeLayer(group);
      if (st.spread === group) { st.spread = null; }
      map.off('click', close);
      map.off('zoomstart', close);
    }
    map.on('click', close);
    map.on('zoomstart', close);
  }

  /** What is drawn now: symbols, clusters and how many features they stand for. */
  D.drawn = function (map) {
    var st = map._gdData, out = {symbols: 0, clusters: 0, features: 0, loading: 0};
    if (!st) { return out; }
    st.sets.forEach(function (e) { if (!e.rows && !e.failed) { out.loading++; } });
    Object.keys(st.drawn).forEach(function (key) {
      if (key[0] === 'p') { out.symbols++; out.features++; } else {
        out.clusters++;
        out.features += parseInt(key.split(':')[1], 10);
      }
    });
    return out;
  };

  // ---- shapes ----------------------------------------------------------------

  D.shapes = function (group, data, spec) {
    var base = data.n, known = spec.statuses || [];
    var styleOf = function (f) {  // dashed or dotted by status (symbols.shape_style)
      var raw = f.properties.s ? data.header.statuses[f.properties.s - 1][0] : '';
      return spec.styles[known.indexOf(raw) >= 0 ? raw : ''];
    };
    var draw = function (has) {
      var features = data.shapes.features.filter(function (f, k) { return has(base + k); });
      if (!features.length) { return; }
      L.geoJSON({type: 'FeatureCollection', features: features}, {
        style: styleOf,
        onEachFeature: function (f, layer) {
          var p = f.properties, parts = [p.n, labelOf(data, 'banners', p.b, spec.lang),
                                         labelOf(data, 'statuses', p.s, spec.lang)];
          layer.bindTooltip(parts.filter(Boolean).map(D.escape).join('<br>'));
          if (p.d) {  // a standalone page: every attribute, escaped in Python
            layer.bindPopup('<b>' + D.escape(p.n) + '</b>' + p.d);
          }
          layer.on('mouseover', function () { layer.setStyle({weight: 6}); });
          layer.on('mouseout', function () { layer.setStyle(styleOf(f)); });
        }
      }).addTo(group);
    };
    if (!spec.mask) { draw(function () { return true; }); return; }
    shown(data, spec.mask).then(function (s) { draw(s.has); });
  };

  function labelOf(data, table, code, lang) {
    if (!code) { return ''; }
    var row = data.header[table][code - 1];
    return lang === 'en' ? row[2] : row[1];
  }

  // ---- context (the offline basemap) ----------------------------------------

  /** City outline on ``map``, banner boundaries in ``banners``, the rest in ``context``. */
  D.context = function (map, banners, context, spec) {
    return D.load(spec.src).then(function (c) {
      var en = spec.lang === 'en';
      L.geoJSON(c.outline, {style: spec.styles.outline, interactive: false}).addTo(map)
        .bringToBack();
      var outlines = L.geoJSON(c.banners, {
        style: spec.styles.banners,
        onEachFeature: function (f, layer) {
          layer.bindTooltip(D.escape(en ? f.properties.en : f.properties.zh));
          layer.on('mouseover', function () { layer.setStyle({weight: 3, fillOpacity: 0.06}); });
          layer.on('mouseout', function () { outlines.resetStyle(layer); });
        }
      }).addTo(banners);
      L.geoJSON(c.river, {style: spec.styles.river, interactive: false}).addTo(context);
      // names go to gd-map.js, which places them around symbols and each other
      var names = c.labels.map(function (l) {
        return {lat: l[1], lng: l[0], text: en ? l[3] : l[2], kind: 'banner'};
      });
      c.seats.forEach(function (s) {
        L.circleMarker([s[1], s[0]], spec.styles.seat).addTo(context);
        if (s[4]) { names.push({lat: s[1], lng: s[0], text: en ? s[3] : s[2], kind: 'seat'}); }
      });
      gd.labels(banners, names);
      map.fire('gd:context');
    }).catch(function (err) { notice(banners, spec, err); });
  };
})();
