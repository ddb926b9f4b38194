// kotaku: htmx sends the CSRF token on every request (no inline scripts: a strict CSP holds).
document.addEventListener("DOMContentLoaded", function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    document.body.addEventListener("htmx:configRequest", function (event) {
      event.detail.headers["X-CSRFToken"] = meta.getAttribute("content");
    });
  }
  // Print buttons: <button data-cetak>
  document.querySelectorAll("[data-cetak]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
  // Selects that navigate: <select data-pindah> whose option values are URLs (LKM switcher).
  document.querySelectorAll("select[data-pindah]").forEach(function (el) {
    el.addEventListener("change", function () { if (el.value) { window.location = el.value; } });
  });
  // Confirm before submitting: <form data-konfirmasi="Yakin?">
  document.querySelectorAll("form[data-konfirmasi]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-konfirmasi"))) { event.preventDefault(); }
    });
  });
  // Disable submit buttons after the first click: a double click must not send twice.
  document.querySelectorAll("form:not([hx-get]):not([hx-post])").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (b) {
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
  // The collection sheet's running total: the sum of what is typed in its "Dibayar" column, the Indonesian way
  // (5.000 = five thousand). Delegated, so a sheet swapped in by htmx (a new meeting date) works too.
  var angkaId = new Intl.NumberFormat("id-ID", { maximumFractionDigits: 0 });
  function bacaRupiah(teks) {
    var bersih = (teks || "").replace(/rp\.?/i, "").replace(/,-$|,0+$/, "").replace(/\./g, "").trim();
    return /^[0-9]+$/.test(bersih) ? parseInt(bersih, 10) : 0;
  }
  document.addEventListener("input", function (event) {
    var form = event.target.closest ? event.target.closest("form[data-jumlah-berjalan]") : null;
    if (!form) { return; }
    var total = 0;
    form.querySelectorAll(".kolom-bayar input").forEach(function (el) { total += bacaRupiah(el.value); });
    var keluaran = form.querySelector("[data-total-bayar]");
    if (keluaran) { keluaran.textContent = angkaId.format(total); }
  });
});
