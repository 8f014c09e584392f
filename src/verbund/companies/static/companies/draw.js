// Draw a polygon for an area: click to add corners, "Finish" writes GeoJSON into the form field.
(function () {
  "use strict";
  var el = document.getElementById("draw-map");
  var field = document.getElementById("id_drawn_geometry");
  if (!el || !field || !window.L) return;
  // Area and district names come from users and imported files: inserted as text, never as HTML.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }
  var map = L.map(el, { maxZoom: 19 }).setView([51.34, 12.37], 11);
  if (el.dataset.tiles) L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
  fetch(el.dataset.areas, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, {
      style: function (f) { return f.properties.kind === "district" ? { color: "#666", weight: 1, fillOpacity: 0.03 } : { color: "#d35400", weight: 2, fillOpacity: 0.05 }; },
      onEachFeature: function (f, l) { l.bindTooltip(text(f.properties.name)); }
    }).addTo(map);
    if (layer.getLayers().length) map.fitBounds(layer.getBounds());
  });
  var points = [], shape = null, drawn = null;
  if (field.value.trim()) {
    try { drawn = L.geoJSON(JSON.parse(field.value), { style: { color: "#2980b9", weight: 3 } }).addTo(map); } catch (e) { /* WKT: not shown */ }
  }
  function redraw() {
    if (shape) map.removeLayer(shape);
    shape = points.length ? L.polygon(points, { color: "#2980b9", dashArray: "4 4" }).addTo(map) : null;
  }
  map.on("click", function (e) { points.push([e.latlng.lat, e.latlng.lng]); redraw(); });
  document.getElementById("draw-finish").addEventListener("click", function () {
    if (points.length < 3) return;
    var ring = points.map(function (p) { return [Number(p[1].toFixed(6)), Number(p[0].toFixed(6))]; });
    ring.push(ring[0]);
    field.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
    if (drawn) map.removeLayer(drawn);
    drawn = L.geoJSON(JSON.parse(field.value), { style: { color: "#2980b9", weight: 3 } }).addTo(map);
    points = []; redraw();
  });
  document.getElementById("draw-clear").addEventListener("click", function () {
    points = []; redraw(); field.value = "";
    if (drawn) { map.removeLayer(drawn); drawn = null; }
  });
})();
