// "Edit" on every block with a Run button: the block becomes mdBook's own editor (ace), holding
// the whole program, hidden lines too (you edit what runs), and Run sends what you typed.
// Reloading the page puts the listing back. ace is on the page because book.toml sets
// `editable = true`; no block is marked `editable`, so every listing shows only its lesson
// until you ask to edit it.
(function () {
    'use strict';
    if (!window.ace) {
        return;
    }
    const darkThemes = ['coal', 'navy', 'ayu'];

    function aceTheme() {
        const html = document.documentElement;
        const dark = darkThemes.some(function (theme) {
            return html.classList.contains(theme);
        });
        return dark ? 'ace/theme/tomorrow_night' : 'ace/theme/dawn';
    }

    function makeEditable(pre, code, button) {
        const program = code.textContent;
        code.classList.remove('hide-boring');
        code.classList.add('editable');
        code.textContent = program;
        const editor = window.ace.edit(code);
        editor.setOptions({
            highlightActiveLine: false,
            showPrintMargin: false,
            showLineNumbers: false,
            showGutter: false,
            maxLines: Infinity,
            fontSize: '0.875em',
        });
        editor.$blockScrolling = Infinity;
        editor.getSession().setMode('ace/mode/rust');
        editor.setTheme(aceTheme());
        editor.originalCode = editor.getValue();
        window.editors = window.editors || [];
        window.editors.push(editor);
        // Every line is shown now: the show-hidden-lines button has nothing left to do.
        const eye = pre.querySelector('.buttons button[title="Show hidden lines"]');
        if (eye) {
            eye.remove();
        }
        button.remove();
        editor.focus();
    }

    document.querySelectorAll('pre.playground').forEach(function (pre) {
        const code = pre.querySelector('code');
        const buttons = pre.querySelector('.buttons');
        if (!code || !buttons || code.classList.contains('editable')) {
            return;
        }
        const button = document.createElement('button');
        button.className = 'edit-button';
        button.type = 'button';
        button.title = 'Edit this program (all of it, hidden lines too)';
        button.setAttribute('aria-label', button.title);
        // A pencil (Material Design's "edit" icon, Apache License 2.0), sized like mdBook's icons.
        button.innerHTML =
            '<span class="fa-svg"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">' +
            '<path fill="currentColor" d="M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 ' +
            '7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"/>' +
            '</svg></span>';
        button.addEventListener('click', function () {
            makeEditable(pre, code, button);
        });
        buttons.insertBefore(button, buttons.firstChild);
    });
})();
