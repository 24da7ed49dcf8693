// On paper a <details> cannot be opened, so each is printed open (the exercises' solutions, the
// notes on how chapter 9's tool measures), and closed again afterwards (book.toml: additional-js).
// Chromium fires these events for the browser's print dialog and for book-pdf's printing alike.
(function () {
    'use strict';
    let opened = [];
    window.addEventListener('beforeprint', function () {
        opened = Array.from(document.querySelectorAll('details:not([open])'));
        opened.forEach(function (details) {
            details.open = true;
        });
    });
    window.addEventListener('afterprint', function () {
        opened.forEach(function (details) {
            details.open = false;
        });
        opened = [];
    });
})();
