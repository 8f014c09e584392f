// Portal map: public networks' members that consented to show their position. Works without tiles.
(function () {
  "use strict";
  var el = document.getElementById("portal-map");
  var data = document.getElementById("portal-map-points");
  if (!el || !data || !window.L) return;
  var points = JSON.parse(data.textContent);
  var map = L.map(el, { maxZoom: 18 }).setView([51.34, 12.37], 10);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  var palette = ["#c0392b", "#2980b9", "#27ae60", "#8e44ad", "#d35400", "#16a085"];
  var colourOf = {};
  var markers = points.map(function (p) {
    if (!(p.network in colourOf)) colourOf[p.network] = palette[Object.keys(colourOf).length % palette.length];
    var m = L.circleMarker([p.lat, p.lon], { radius: 6, weight: 1, color: "#333", fillColor: colourOf[p.network], fillOpacity: 0.85 });
    m.bindPopup(function () {
      // Names come from users: inserted as text, never as HTML.
      var box = document.createElement("div");
      var a = document.createElement("a");
      a.href = p.url;
      a.textContent = p.name;
      var small = document.createElement("small");
      small.textContent = " " + p.network;
      box.appendChild(a);
      box.appendChild(small);
      return box;
    });
    return m.addTo(map);
  });
  if (markers.length) map.fitBounds(L.featureGroup(markers).getBounds().pad(0.2));
})();
