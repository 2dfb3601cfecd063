// JavaScript half of touch_input.cpp and text_input.cpp (linked with --js-library).
//
// Touch: a capture listener on window sees each touch on the canvas first, stops it there
// (Emscripten's GLFW listens on the canvas and would press the mouse at its last position)
// and prevents the browser's own handling (synthetic mouse events, page scroll and zoom);
// C++ gets the touch in canvas backing-store pixels.
//
// Text: #st-text-input (made here) is a real <input>, transparent, placed where ImGui's text
// cursor is. C++ focuses it while an ImGui text field is active, so a phone shows its
// keyboard. Browsers show the keyboard only for a focus inside a user gesture: when a touch
// ends on a text field (ImGui's cursor is then the text cursor: st_js_set_cursor) the input
// is focused right in that touchend. What is typed arrives as 'input' events: text that no
// keypress delivered (GLFW delivers keypresses itself) goes to stocktake_text_typed,
// deleting to stocktake_text_key(1); composition (IME) text arrives when it ends.
mergeInto(LibraryManager.library, {
    $stTextInput: null,

    st_js_install_touch__deps: ['$stTextInput'],
    st_js_install_touch: function() {
        var canvas = Module['canvas'];
        var names = ['touchstart', 'touchmove', 'touchend', 'touchcancel'];
        names.forEach(function(name, type) {
            window.addEventListener(name, function(event) {
                if (event.target !== canvas) return;
                event.stopPropagation();
                if (event.cancelable) event.preventDefault();
                if (name === 'touchend' && canvas.style.cursor === 'text' && stTextInput) {
                    stTextInput.focus({ preventScroll: true });
                }
                var touch = event.changedTouches[0];
                if (!touch) return;
                var rect = canvas.getBoundingClientRect();
                var sx = rect.width > 0 ? canvas.width / rect.width : 1;
                var sy = rect.height > 0 ? canvas.height / rect.height : 1;
                Module['_stocktake_touch'](type, (touch.clientX - rect.left) * sx,
                                           (touch.clientY - rect.top) * sy, event.touches.length);
            }, { capture: true, passive: false });
        });
    },

    st_js_install_text_input__deps: ['$stTextInput', '$stStringToC', 'free'],
    st_js_install_text_input: function() {
        var input = document.createElement('input');
        input.id = 'st-text-input';
        input.type = 'text';
        input.setAttribute('autocomplete', 'off');
        input.setAttribute('autocorrect', 'off');
        input.setAttribute('autocapitalize', 'off');
        input.setAttribute('spellcheck', 'false');
        input.setAttribute('aria-hidden', 'true');
        // Visible to the browser (a hidden or display:none input gets no keyboard), not to
        // the eye; 16 px so iOS does not zoom the page when it gets the focus.
        input.style.cssText = 'position:fixed;left:0;top:0;width:2px;height:20px;opacity:0;' +
            'font-size:16px;border:0;padding:0;margin:0;background:transparent;color:transparent;' +
            'caret-color:transparent;z-index:-1;';
        var SENTINEL = ' ';  // never empty, so a phone's Backspace has something to delete
        input.value = SENTINEL;
        var keypressed = false;
        var composing = false;
        function typed(text) {
            if (!text) return;
            var ptr = stStringToC(text);
            Module['_stocktake_text_typed'](ptr);
            _free(ptr);
        }
        function reset() {
            input.value = SENTINEL;
            input.setSelectionRange(SENTINEL.length, SENTINEL.length);
        }
        input.addEventListener('keydown', function() { keypressed = false; });
        input.addEventListener('keypress', function() { keypressed = true; });
        input.addEventListener('compositionstart', function() { composing = true; });
        input.addEventListener('compositionend', function(event) {
            composing = false;
            typed(event.data);
            reset();
        });
        input.addEventListener('input', function(event) {
            if (composing || event.isComposing) return;
            if (keypressed) {  // GLFW has it already (a hardware keyboard)
                keypressed = false;
                reset();
                return;
            }
            var kind = event.inputType || '';
            if (kind.indexOf('delete') === 0) {
                Module['_stocktake_text_key'](1);
            } else if (kind === 'insertLineBreak') {
                Module['_stocktake_text_key'](2);
            } else if (event.data) {
                typed(event.data);
            } else if (input.value.length > SENTINEL.length) {
                typed(input.value.slice(SENTINEL.length));
            }
            reset();
        });
        document.body.appendChild(input);
        stTextInput = input;
    },

    st_js_text_input_focus__deps: ['$stTextInput'],
    st_js_text_input_focus: function(focused, x, y) {
        var input = stTextInput;
        if (!input) return;
        if (focused) {
            input.style.left = Math.max(0, x) + 'px';
            input.style.top = Math.max(0, y) + 'px';
            if (document.activeElement !== input) input.focus({ preventScroll: true });
            input.value = ' ';
        } else if (document.activeElement === input) {
            input.blur();
        }
    },
});
