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
  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (b) {
        window.setTimeout(function () { b.disabled = true; }, 0);
      });
    });
  });
});
