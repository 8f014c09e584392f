// Company map: districts, programme area and companies (clustered). Works without tiles.
(function () {
  "use strict";
  var el = document.getElementById("company-map");
  if (!el || !window.L) return;
  var map = L.map(el, { preferCanvas: true, maxZoom: 19 }).setView([51.34, 12.37], 11);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
  }
  var colours = { A: "#6a994e", C: "#c0392b", F: "#8e6c3a", G: "#2980b9", J: "#8e44ad", M: "#d35400", N: "#16a085" };
  var status = document.getElementById("map-status");
  // Names come from users and imported files: always inserted as text, never as HTML.
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }
  // The map's data, asked again after a moment when the server is busy (503 "try again shortly",
  // e.g. while SQLite holds the write lock for an import) instead of failing on an error page.
  function getJSON(url, tries) {
    tries = tries === undefined ? 4 : tries;
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (r.ok) { return r.json(); }
      if (tries > 1 && r.status >= 500) {
        return new Promise(function (done) { setTimeout(done, 1500); }).then(function () {
          return getJSON(url, tries - 1);
        });
      }
      throw new Error("HTTP " + r.status + " for " + url);
    });
  }

  var areasLoaded = getJSON(el.dataset.areas).then(function (data) {
    var districts = L.geoJSON(data, {
      filter: function (f) { return f.properties.kind === "district"; },
      style: { color: "#666", weight: 1, fillOpacity: 0.03 },
      onEachFeature: function (f, layer) { layer.bindTooltip(text(f.properties.name + " (" + f.properties.companies + ")")); }
    }).addTo(map);
    var areas = L.geoJSON(data, {
      filter: function (f) { return f.properties.kind !== "district"; },
      style: function (f) {
        return f.properties.kind === "programme_area"
          ? { color: "#d35400", weight: 3, fillOpacity: 0.08, dashArray: null }
          : { color: "#2980b9", weight: 2, fillOpacity: 0.04, dashArray: "4 4" };
      },
      onEachFeature: function (f, layer) { layer.bindTooltip(text(f.properties.name)); }
    }).addTo(map);
    if (districts.getLayers().length) map.fitBounds(districts.getBounds());
    return areas;
  });
  getJSON(el.dataset.companies).then(function (data) {
    var cluster = L.markerClusterGroup({ chunkedLoading: true, disableClusteringAtZoom: 17, maxClusterRadius: 50 });
    var markers = data.features.map(function (f) {
      var c = f.geometry.coordinates, p = f.properties;
      var m = L.circleMarker([c[1], c[0]], {
        // a: 1 inside (orange ring), 0 outside, null unknown placement (grey dashed ring)
        radius: 5, weight: p.a ? 2 : 1, color: p.a ? "#d35400" : (p.a === 0 ? "#333" : "#999"),
        dashArray: p.a === null ? "2 2" : null,
        fillColor: colours[p.s] || "#7f8c8d", fillOpacity: 0.85
      });
      m.bindPopup(function () {
        var a = document.createElement("a");
        a.href = el.dataset.detail.replace("/0/", "/" + p.i + "/");
        a.textContent = p.n;
        return a;
      });
      return m;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (status) status.textContent = status.dataset.template.replace("{n}", markers.length.toLocaleString());
    areasLoaded.then(function (areas) { if (areas) areas.bringToFront(); });
  });
})();
