// Accessibility fixes to mdBook 0.5.4's own page (book.toml: additional-js), each found by axe-core
// in the browser test (tests/browser/axe.rs), none of them needing a copy of mdBook's template.
(function () {
    'use strict';

    // The sidebar toggle is a <label> for a hidden checkbox: no keyboard user can reach it, and the
    // ARIA attributes mdBook gives it (aria-label, aria-controls, aria-expanded) are not allowed on
    // a label. It becomes a button, as mdBook's theme and search toggles are: focusable, named,
    // operated with Enter or Space. A click does what a click on the label did (mdBook's book.js:
    // the sidebar is displayed before it slides in, then the checkbox toggles), and the button
    // says whether the sidebar is open whichever way it was opened (a swipe, too).
    const label = document.getElementById('mdbook-sidebar-toggle');
    const checkbox = document.getElementById('mdbook-sidebar-toggle-anchor');
    const sidebar = document.getElementById('mdbook-sidebar');
    if (label && checkbox && sidebar) {
        const button = document.createElement('button');
        button.type = 'button';
        Array.from(label.attributes).forEach(function (attribute) {
            if (attribute.name !== 'for') {
                button.setAttribute(attribute.name, attribute.value);
            }
        });
        button.append(...label.childNodes);
        label.replaceWith(button);
        button.addEventListener('click', function () {
            if (!checkbox.checked) {
                sidebar.style.display = '';
                sidebar.offsetHeight; // a reflow, so that the sidebar slides in
            }
            checkbox.checked = !checkbox.checked;
            checkbox.dispatchEvent(new Event('change'));
        });
        const html = document.documentElement;
        new MutationObserver(function () {
            button.setAttribute('aria-expanded', html.classList.contains('sidebar-visible'));
        }).observe(html, { attributes: true, attributeFilter: ['class'] });
    }

    // The menu bar (the toggles, the book's title, print and repository links) is the page's
    // header: a landmark, as the sidebar and the chapter already are.
    const menu = document.getElementById('mdbook-menu-bar');
    if (menu) {
        menu.setAttribute('role', 'banner');
    }

    // The search bar: a landmark, an input with a name (mdBook gives it only a placeholder), and
    // described by the results' header, whose id mdBook 0.5 renamed without updating the input.
    const search = document.getElementById('mdbook-search-wrapper');
    if (search) {
        search.setAttribute('role', 'search');
    }
    const searchbar = document.getElementById('mdbook-searchbar');
    if (searchbar) {
        searchbar.setAttribute('aria-label', 'Search this book');
        if (document.getElementById('mdbook-searchresults-header')) {
            searchbar.setAttribute('aria-describedby', 'mdbook-searchresults-header');
        }
    }

    // A code block or a table wider than the column scrolls sideways: keyboard users need to focus
    // it to scroll it. Only those that do scroll get a tab stop, rechecked when their size changes.
    const scrollers = document.querySelectorAll('main pre > code, main .table-wrapper');
    function update(element) {
        if (element.scrollWidth > element.clientWidth) {
            element.tabIndex = 0;
        } else {
            element.removeAttribute('tabindex');
        }
    }
    scrollers.forEach(update);
    if (window.ResizeObserver) {
        const observer = new ResizeObserver(function (entries) {
            entries.forEach(function (entry) {
                update(entry.target);
            });
        });
        scrollers.forEach(function (element) {
            observer.observe(element);
        });
    }
    if (document.fonts) {
        document.fonts.ready.then(function () {
            scrollers.forEach(update);
        });
    }
})();
