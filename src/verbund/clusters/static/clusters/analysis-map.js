// Map of an analysis run: districts, Gi* hotspot cells coloured by z, dense-group outlines and the
// members of candidate networks. Tiles only when the site configures a tile URL.
(function () {
  "use strict";
  var el = document.getElementById("analysis-map");
  var dataEl = document.getElementById("map-data");
  if (!el || !dataEl || typeof L === "undefined") { return; }
  var data = JSON.parse(dataEl.textContent);
  // Leaflet inserts string tooltips as HTML: names (districts, areas, companies) go in as text only
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  var map = L.map(el, { preferCanvas: true, maxZoom: 18, zoomSnap: 0.25 });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
  }
  var bounds = L.latLngBounds([]);
  var districts = L.geoJSON(data.districts, {
    style: { color: "#555", weight: 1, fillColor: "#eef2f6", fillOpacity: 0.35 },
    onEachFeature: function (f, layer) { layer.bindTooltip(text(f.properties.name)); }
  }).addTo(map);
  if (districts.getLayers().length) { bounds.extend(districts.getBounds()); }
  var areas = L.geoJSON(data.areas, {
    style: { color: "#1d5b8f", weight: 3, fill: false },
    onEachFeature: function (f, layer) { layer.bindTooltip(text(data.labels.area + ": " + f.properties.name)); }
  }).addTo(map);

  function zColour(z) {
    if (z >= 10) { return "#67000d"; }
    if (z >= 5) { return "#a50f15"; }
    if (z >= 3) { return "#de2d26"; }
    if (z >= 2.58) { return "#fb6a4a"; }
    return "#fcae91";
  }
  var hot = L.layerGroup().addTo(map);
  data.hotspots.forEach(function (h) {
    var m = L.circleMarker([h.lat, h.lon], {
      radius: 5, stroke: false, fillColor: zColour(h.z), fillOpacity: 0.8
    }).bindTooltip(text(data.labels.hotspot + ": z = " + h.z + ", " + h.n + " " + data.labels.companies));
    hot.addLayer(m);
    bounds.extend(m.getLatLng());
  });
  var groups = L.layerGroup().addTo(map);
  data.groups.forEach(function (g) {
    L.polygon(g.outline, { color: "#1d5b8f", weight: 2, fill: false, dashArray: "5 4" })
      .bindTooltip(text(data.labels.group + ": " + g.size + " " + data.labels.companies + " (" + g.category + ")"))
      .addTo(groups);
  });
  var palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666"];
  // colours tell the candidates apart; cluster markers only where there are too many points to draw
  var members = data.members.length > 2000 && L.markerClusterGroup
    ? L.markerClusterGroup({ disableClusteringAtZoom: 15 }) : L.layerGroup();
  data.members.forEach(function (m) {
    var marker = L.circleMarker([m.lat, m.lon], {
      radius: 6, color: "#fff", weight: 1, fillColor: palette[(m.rank - 1) % palette.length], fillOpacity: 0.9
    }).bindTooltip(text(m.name + " – " + data.labels.network + " " + m.rank));
    members.addLayer(marker);
    bounds.extend(marker.getLatLng());
  });
  members.addTo(map);
  L.control.layers(null, {
    [data.labels.area]: areas, [data.labels.hotspot]: hot, [data.labels.group]: groups,
    [data.labels.network]: members
  }).addTo(map);
  if (bounds.isValid()) { map.fitBounds(bounds.pad(0.05)); } else { map.setView([51.34, 12.37], 11); }
})();
