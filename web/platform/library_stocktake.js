// JavaScript half of web/platform (linked with --js-library): the page's file input and
// drag-and-drop, downloads, canvas backing-store size, mouse cursor, clipboard, the
// leave-page warning and the loading message (persistence: library_storage.js). Only
// web/platform/*.cpp calls these functions (declared there as extern "C").
//
// Files reach C++ like this: public/boot.js catches the <input type=file> change and page
// drops from the very first moment (queueing files until the module runs); here
// Module.stocktakeReceiveFile keeps the File in a map by id (never copied into the wasm heap
// whole: a 400 MB file stays a File), reads its head (Blob.slice().arrayBuffer(), a
// promise), asks C++ for a buffer of that size (stocktake_upload_buffer), copies the bytes
// straight into it and hands over id, name and size (stocktake_file_received). While an
// import runs, C++ asks for the next slice (st_js_read_file_slice), delivered the same way
// (stocktake_slice_done). One copy into the wasm heap per slice, none inside it.

mergeInto(LibraryManager.library, {
    // A malloc'ed copy of a JavaScript string as UTF-8; the caller frees it. The runtime's
    // own stringToNewUTF8, named as a dependency here because the tests call it too (it is
    // exported, see web/CMakeLists.txt) and nothing else in the build pulls it in.
    $stStringToC__deps: ['$stringToNewUTF8'],
    $stStringToC: function(str) {
        return stringToNewUTF8(str);
    },

    $stFiles: {},  // id -> File, for the slices an import reads later

    // Copies buffer into a C++ buffer from stocktake_upload_buffer; false when memory is short.
    $stCopyIn: function(buffer) {
        var dst = Module['_stocktake_upload_buffer'](buffer.byteLength);
        if (!dst) return false;
        // Read HEAPU8 only now: the allocation above may have grown the heap.
        HEAPU8.set(new Uint8Array(buffer), dst);
        return true;
    },

    st_js_install_file_input__deps: ['$stStringToC', '$stFiles', '$stCopyIn', 'free'],
    st_js_install_file_input: function(head_bytes) {
        var nextId = 1;
        function fail(message) {
            var ptr = stStringToC(message);
            Module['_stocktake_upload_failed'](ptr);
            _free(ptr);
        }
        function receive(file) {
            if (!file) return;
            var id = nextId++;
            stFiles[id] = file;
            file.slice(0, Math.min(file.size, head_bytes)).arrayBuffer().then(function(buffer) {
                if (!stCopyIn(buffer)) {
                    delete stFiles[id];
                    fail('Not enough memory to read "' + file.name + '".');
                    return;
                }
                var name = stStringToC(file.name);
                Module['_stocktake_file_received'](id, name, file.size);
                _free(name);
            }, function(error) {
                delete stFiles[id];
                fail('Could not read "' + file.name + '": ' + error);
            });
        }
        Module['stocktakeReceiveFile'] = receive;
        var pending = Module['stocktakePendingFiles'] || [];
        Module['stocktakePendingFiles'] = [];
        pending.forEach(receive);
    },

    // Reads [offset, offset + length) of file id; the bytes go to stocktake_slice_done.
    st_js_read_file_slice__deps: ['$stStringToC', '$stFiles', '$stCopyIn', 'free'],
    st_js_read_file_slice: function(id, offset, length) {
        function fail(message) {
            var ptr = stStringToC(message);
            Module['_stocktake_slice_failed'](id, ptr);
            _free(ptr);
        }
        var file = stFiles[id];
        if (!file) {
            fail('the file is no longer available');
            return;
        }
        file.slice(offset, offset + length).arrayBuffer().then(function(buffer) {
            if (!stCopyIn(buffer)) {
                fail('not enough memory to read the next ' + length + ' bytes');
                return;
            }
            Module['_stocktake_slice_done'](id, offset);
        }, function(error) {
            // e.g. NotReadableError: the file was changed or removed after it was chosen.
            fail('"' + file.name + '" could not be read any more (' + error + ')');
        });
    },

    st_js_release_file__deps: ['$stFiles'],
    st_js_release_file: function(id) {
        delete stFiles[id];
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

    // Runs stocktake_between_frames in a task of its own, as soon as no frame or input is
    // due first: a MessageChannel message, which (unlike a repeated setTimeout) is not
    // clamped to 4 ms.
    $stBetweenFrames: null,
    st_js_schedule_between_frames__deps: ['$stBetweenFrames'],
    st_js_schedule_between_frames: function() {
        if (!stBetweenFrames) {
            stBetweenFrames = new MessageChannel();
            stBetweenFrames.port1.onmessage = function() {
                Module['_stocktake_between_frames']();
            };
        }
        stBetweenFrames.port2.postMessage(0);
    },

    st_js_first_frame: function() {
        // Navigation to first frame, for tests/bench/app_bench.mjs (and any RUM tool).
        if (typeof performance.mark === 'function') performance.mark('stocktake-first-frame');
        // boot.js registers the service worker then, not during the app's start.
        window.dispatchEvent(new Event('stocktake-first-frame'));
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

    // fetch() to the app's own server; the answer goes to stocktake_http_done (status 0 and
    // the error's text when there was none: offline, refused, aborted).
    st_js_http_request__deps: ['malloc', 'free'],
    st_js_http_request: function(id, method, path, token, body, bodySize) {
        var headers = {};
        var bearer = UTF8ToString(token);
        if (bearer) headers['Authorization'] = 'Bearer ' + bearer;
        var init = { method: UTF8ToString(method), headers: headers, cache: 'no-store' };
        if (bodySize > 0) {
            headers['Content-Type'] = 'application/json';
            init.body = HEAPU8.slice(body, body + bodySize);
        }
        function done(status, text) {
            var bytes = new TextEncoder().encode(text);
            var ptr = _malloc(bytes.length + 1);
            HEAPU8.set(bytes, ptr);
            Module['_stocktake_http_done'](id, status, ptr, bytes.length);
            _free(ptr);
        }
        fetch(UTF8ToString(path), init).then(function(response) {
            return response.text().then(function(text) { done(response.status, text); });
        }).catch(function(error) {
            done(0, String(error && error.message ? error.message : error));
        });
    },
});
