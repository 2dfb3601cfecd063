// Page bootstrap (runs before app.js): configures the emscripten Module, shows load errors,
// catches file choices and drops from the first moment, and registers the service worker
// (sw.js) that keeps the app working offline. Files are queued until the app installs
// Module.stocktakeReceiveFile (web/platform/library_stocktake.js).
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

// The service worker (sw.js) and its "Update available" banner. The banner is plain HTML,
// not ImGui: it must work when the app itself cannot start (an update may be the fix), it
// needs nothing from the wasm build, and a DOM button is reachable by assistive technology.
(function() {
    if (!('serviceWorker' in navigator)) return;  // no offline use; the app still runs
    var container = navigator.serviceWorker;
    var hadController = !!container.controller;  // false on the first visit
    var updateRequested = false;

    function showUpdateBanner(message, onReload) {
        var banner = document.getElementById('update-banner');
        if (!banner) {
            banner = document.createElement('div');
            banner.id = 'update-banner';
            banner.setAttribute('role', 'status');
            banner.appendChild(document.createElement('span'));
            var button = document.createElement('button');
            button.type = 'button';
            button.textContent = 'Reload';
            banner.appendChild(button);
            document.body.appendChild(banner);
        }
        banner.firstChild.textContent = message;
        banner.lastChild.onclick = onReload;
    }

    function offerUpdate(worker) {
        showUpdateBanner('Update available \u2014 reload to use it.', function() {
            updateRequested = true;
            worker.postMessage({ type: 'skip-waiting' });  // then 'controllerchange' reloads
        });
    }

    container.addEventListener('controllerchange', function() {
        if (updateRequested) {
            updateRequested = false;
            window.location.reload();
        } else if (hadController) {
            // Another tab took the update: this page still runs the old version.
            showUpdateBanner('Stocktake was updated \u2014 reload to use the new version.', function() {
                window.location.reload();
            });
        }
    });

    // Installing the worker fetches and hashes the whole shell (with the 4 MB CJK font): on
    // two cores that would compete with the app's own start, so it waits for the app's
    // first frame (library_stocktake.js), or 10 s after load if the app never draws (an
    // update may be what fixes it).
    var registering = false;
    function registerWorker() {
        if (registering) return;
        registering = true;
        container.register('sw.js', { updateViaCache: 'none' }).then(function(registration) {
            // A new worker that installs while an older one controls this page is an update.
            // The navigation may have started installing it before register() resolved.
            function watch(worker) {
                if (!worker) return;
                if (worker.state === 'installed') {
                    if (container.controller) offerUpdate(worker);
                    return;
                }
                worker.addEventListener('statechange', function() {
                    if (worker.state === 'installed' && container.controller) offerUpdate(worker);
                });
            }
            watch(registration.waiting || registration.installing);
            registration.addEventListener('updatefound', function() { watch(registration.installing); });
            // Check for a new version now (Chromium defers its own after-navigation check
            // while the worker is busy serving the app's files) and hourly, so a tab left
            // open for days (a warehouse phone) still hears of one. Offline: try again later.
            // Never while offline: a check then only fails, and it holds up the next one.
            function checkForUpdate() {
                if (!navigator.onLine) return;
                registration.update().catch(function(error) {
                    console.info('Stocktake: no update check now: ' + error);
                });
            }
            if (container.controller) checkForUpdate();
            window.addEventListener('online', checkForUpdate);
            setInterval(checkForUpdate, 60 * 60 * 1000);
        }, function(error) {
            console.warn('Stocktake works online only: the service worker failed: ' + error);
        });
    }
    window.addEventListener('stocktake-first-frame', registerWorker);
    window.addEventListener('load', function() { setTimeout(registerWorker, 10000); });
})();
