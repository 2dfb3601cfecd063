// JavaScript half of web/platform (linked with --js-library): the page's file input and
// drag-and-drop, downloads, IndexedDB persistence (IDBFS), canvas backing-store size, mouse
// cursor, clipboard, the leave-page warning and the loading message. Only
// web/platform/*.cpp calls these functions (declared there as extern "C").
//
// Files reach C++ like this: public/boot.js catches the <input type=file> change and page
// drops from the very first moment (queueing files until the module runs); here
// Module.stocktakeReceiveFile reads a File as an ArrayBuffer, asks C++ for a buffer of that
// size (stocktake_upload_buffer), copies the bytes straight into it, and hands over the name
// (stocktake_upload_done). One copy into the wasm heap, none inside it.

mergeInto(LibraryManager.library, {
    $stStringToC__deps: ['malloc'],
    $stStringToC: function(str) {
        var size = lengthBytesUTF8(str) + 1;
        var ptr = _malloc(size);
        stringToUTF8(str, ptr, size);
        return ptr;
    },

    st_js_install_file_input__deps: ['$stStringToC', 'free'],
    st_js_install_file_input: function() {
        function fail(message) {
            var ptr = stStringToC(message);
            Module['_stocktake_upload_failed'](ptr);
            _free(ptr);
        }
        function receive(file) {
            if (!file) return;
            // wasm32 with MAXIMUM_MEMORY=2GB: a file must fit twice (bytes + database).
            if (file.size > 768 * 1024 * 1024) {
                fail('"' + file.name + '" is too large for the browser (' +
                     Math.round(file.size / 1048576) + ' MB; the limit is 768 MB).');
                return;
            }
            file.arrayBuffer().then(function(buffer) {
                var size = buffer.byteLength;
                var dst = Module['_stocktake_upload_buffer'](size);
                if (!dst) {
                    fail('Not enough memory to read "' + file.name + '" (' + size + ' bytes).');
                    return;
                }
                // Read HEAPU8 only now: the allocation above may have grown the heap.
                HEAPU8.set(new Uint8Array(buffer), dst);
                var name = stStringToC(file.name);
                Module['_stocktake_upload_done'](name);
                _free(name);
            }, function(error) {
                fail('Could not read "' + file.name + '": ' + error);
            });
        }
        Module['stocktakeReceiveFile'] = receive;
        var pending = Module['stocktakePendingFiles'] || [];
        Module['stocktakePendingFiles'] = [];
        pending.forEach(receive);
    },

    st_js_open_file_picker: function() {
        var input = document.getElementById('file-input');
        if (input) input.click();
    },

    // Offers bytes as a downloaded file: a Blob (copied out of the wasm heap, which may move
    // or be reused), an object URL and a temporary <a download> clicked once. The URL is
    // revoked a little later: revoking it at once can cancel the download in some browsers.
    st_js_download: function(file_name, bytes, size, mime_type) {
        var name = UTF8ToString(file_name);
        var type = UTF8ToString(mime_type);
        var blob = new Blob([HEAPU8.slice(bytes, bytes + size)], { type: type });
        var url = URL.createObjectURL(blob);
        var link = document.createElement('a');
        link.href = url;
        link.download = name;
        link.style.display = 'none';
        document.body.appendChild(link);
        link.click();
        document.body.removeChild(link);
        setTimeout(function() { URL.revokeObjectURL(url); }, 60000);
    },

    // Persistence: IDBFS keeps /data (the SQLite file) in IndexedDB. See storage_idbfs.cpp.
    st_js_storage_load__deps: ['$FS', '$IDBFS', '$stStringToC', 'free'],
    st_js_storage_load: function(mount_point, callback) {
        var path = UTF8ToString(mount_point);
        function done(error) {
            var message = error ? String((error && error.message) || error) : '';
            var ptr = stStringToC(message);
            {{{ makeDynCall('vii', 'callback') }}}(error ? 1 : 0, ptr);
            _free(ptr);
        }
        try {
            FS.mkdir(path);
        } catch (e) {
            // already there
        }
        try {
            FS.mount(IDBFS, {}, path);
            if (typeof indexedDB == 'undefined' || !indexedDB) {
                done('IndexedDB is not available in this browser');
                return;
            }
            FS.syncfs(true, done);
        } catch (e) {
            done(e);
        }
    },

    st_js_storage_save__deps: ['$FS', '$stStringToC', 'free'],
    st_js_storage_save: function(callback) {
        function done(error) {
            var message = error ? String((error && error.message) || error) : '';
            var ptr = stStringToC(message);
            {{{ makeDynCall('vii', 'callback') }}}(error ? 1 : 0, ptr);
            _free(ptr);
        }
        try {
            FS.syncfs(false, done);
        } catch (e) {
            done(e);
        }
    },

    // Sizes the canvas backing store (device pixels). Goes through Browser.setCanvasSize so
    // GLFW's window size follows, without glfwSetWindowSize's "size == screen size means
    // fullscreen" rule.
    st_js_set_canvas_size__deps: ['$Browser'],
    st_js_set_canvas_size: function(width, height) {
        Browser.setCanvasSize(width, height);
    },

    st_js_set_cursor: function(name) {
        if (Module['canvas']) Module['canvas'].style.cursor = UTF8ToString(name);
    },

    st_js_first_frame: function() {
        var loading = document.getElementById('loading');
        if (loading) loading.parentNode.removeChild(loading);
        document.body.classList.add('app-running');
    },

    st_js_set_leave_warning: function(enabled) {
        window.onbeforeunload = enabled ? function(event) {
            event.preventDefault();
            event.returnValue = '';
            return '';
        } : null;
    },

    st_js_clipboard_write: function(text) {
        var value = UTF8ToString(text);
        if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(value).catch(function() {});
        }
    },

    // Paste arrives as a DOM 'paste' event (reading the clipboard synchronously is not
    // allowed), then goes to ImGui as typed characters.
    st_js_install_paste__deps: ['$stStringToC', 'free'],
    st_js_install_paste: function(callback) {
        document.addEventListener('paste', function(event) {
            var text = event.clipboardData ? event.clipboardData.getData('text/plain') : '';
            if (!text) return;
            event.preventDefault();
            var ptr = stStringToC(text);
            {{{ makeDynCall('vi', 'callback') }}}(ptr);
            _free(ptr);
        });
    },
});
