// kotaku charts without inline scripts. In a page:
//   {% block scripts %}<script src="{% static 'vendor/chartjs/chart.umd.min.js' %}"></script>
//   <script src="{% static 'js/grafik.js' %}"></script>{% endblock %}
//   {{ konfigurasi|json_script:"grafik-par" }} <canvas data-grafik="grafik-par"></canvas>
// `konfigurasi` is a Chart.js config ({"type": "bar", "data": {...}, "options": {...}}) built in the view.
// Numbers are shown the Indonesian way (1.234.567); add "persen": true to the config for 12,5%.
(function () {
  "use strict";
  var angka = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 2 });
  function tampil(nilai, persen) { return angka.format(nilai) + (persen ? "%" : ""); }

  function gambar(kanvas) {
    var sumber = document.getElementById(kanvas.getAttribute("data-grafik"));
    if (!sumber || !window.Chart) { return; }
    var konfigurasi = JSON.parse(sumber.textContent);
    var persen = !!konfigurasi.persen;
    delete konfigurasi.persen;
    var opsi = konfigurasi.options = konfigurasi.options || {};
    opsi.responsive = true;
    opsi.maintainAspectRatio = opsi.maintainAspectRatio === true;
    opsi.animation = opsi.animation || false;
    opsi.locale = "id-ID";
    opsi.plugins = opsi.plugins || {};
    opsi.plugins.tooltip = opsi.plugins.tooltip || {};
    var sumbu = opsi.indexAxis === "y" ? "x" : "y";
    opsi.plugins.tooltip.callbacks = {
      label: function (c) {
        var nilai = (c.parsed !== null && typeof c.parsed === "object") ? c.parsed[sumbu] : c.parsed;
        var nama = c.dataset.label || c.label || "";
        return (nama ? nama + ": " : "") + tampil(nilai, persen);
      }
    };
    if (konfigurasi.type !== "pie" && konfigurasi.type !== "doughnut") {
      opsi.scales = opsi.scales || {};
      opsi.scales[sumbu] = opsi.scales[sumbu] || {};
      opsi.scales[sumbu].ticks = opsi.scales[sumbu].ticks || {};
      opsi.scales[sumbu].ticks.callback = function (v) { return tampil(v, persen); };
    }
    new window.Chart(kanvas, konfigurasi);
  }

  // <button data-tabel-grafik="ID"> shows or hides the chart's table (always read by screen readers, printed).
  function tombolTabel(tombol) {
    tombol.addEventListener("click", function () {
      var tabel = document.getElementById(tombol.getAttribute("data-tabel-grafik"));
      if (!tabel) { return; }
      var buka = !tabel.classList.contains("terbuka");
      tabel.classList.toggle("terbuka", buka);
      tombol.setAttribute("aria-expanded", buka ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("canvas[data-grafik]").forEach(gambar);
    document.querySelectorAll("button[data-tabel-grafik]").forEach(tombolTabel);
  });
  // Charts inside an htmx swap draw when they arrive.
  document.addEventListener("htmx:afterSettle", function (event) {
    event.target.querySelectorAll("canvas[data-grafik]").forEach(function (k) {
      if (!window.Chart || !window.Chart.getChart(k)) { gambar(k); }
    });
  });
})();
