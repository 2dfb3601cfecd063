// Page bootstrap (runs before app.js): configures the emscripten Module, shows load errors,
// and catches file choices and drops from the first moment. Files are queued until the app
// installs Module.stocktakeReceiveFile (web/platform/library_stocktake.js).
'use strict';

var Module = {
    canvas: document.getElementById('canvas'),
    stocktakePendingFiles: [],
    print: function(text) { console.log(text); },
    printErr: function(text) { console.warn(text); },
    onAbort: function(what) { stocktakeShowError('Stocktake stopped: ' + what); },
};

function stocktakeShowError(message) {
    var el = document.getElementById('loading');
    if (!el) {
        el = document.createElement('div');
        el.id = 'loading';
        document.body.appendChild(el);
    }
    el.className = 'error';
    el.textContent = message + '\n\nReload the page to try again.';
}

function stocktakeDeliver(file) {
    if (!file) return;
    if (Module.stocktakeReceiveFile) {
        Module.stocktakeReceiveFile(file);
    } else {
        Module.stocktakePendingFiles.push(file);
    }
}

(function() {
    if (typeof WebAssembly !== 'object') {
        stocktakeShowError('This browser cannot run WebAssembly, which Stocktake needs.');
        return;
    }
    var canvas = Module.canvas;
    canvas.addEventListener('webglcontextlost', function(event) {
        event.preventDefault();
        stocktakeShowError('The graphics context was lost.');
    });
    canvas.addEventListener('contextmenu', function(event) { event.preventDefault(); });

    var input = document.getElementById('file-input');
    input.addEventListener('change', function() {
        if (input.files && input.files.length > 0) stocktakeDeliver(input.files[0]);
        input.value = '';  // choosing the same file again fires 'change' again
    });

    // Drag-and-drop anywhere on the page. dragenter/dragleave fire for every child element,
    // so count them to know when the drag has really left the window.
    var depth = 0;
    function hasFiles(event) {
        var types = event.dataTransfer && event.dataTransfer.types;
        return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
    }
    window.addEventListener('dragenter', function(event) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        depth++;
        document.body.classList.add('dragging');
    });
    window.addEventListener('dragover', function(event) {
        if (!hasFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
    });
    window.addEventListener('dragleave', function() {
        depth = Math.max(0, depth - 1);
        if (depth === 0) document.body.classList.remove('dragging');
    });
    window.addEventListener('drop', function(event) {
        event.preventDefault();  // never let the browser navigate to the dropped file
        depth = 0;
        document.body.classList.remove('dragging');
        var files = event.dataTransfer && event.dataTransfer.files;
        if (files && files.length > 0) stocktakeDeliver(files[0]);
    });
})();
