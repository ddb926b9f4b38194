// The assessment form: a score changed from the proposal marks its indicator and says its note is required
// (the server checks it too). No inline scripts (CSP).
(function () {
  "use strict";
  function tandai(kotak) {
    var usulan = kotak.getAttribute("data-usulan");
    var dipilih = kotak.querySelector("input[type=radio]:checked");
    var diubah = !!dipilih && dipilih.value !== usulan;
    kotak.classList.toggle("diubah", diubah);
    var wajib = kotak.querySelector(".catatan-wajib");
    if (wajib) { wajib.classList.toggle("d-none", !diubah); }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.indikator[data-usulan]").forEach(function (kotak) {
      tandai(kotak);
      kotak.addEventListener("change", function () { tandai(kotak); });
    });
  });
})();
