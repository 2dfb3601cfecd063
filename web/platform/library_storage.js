// JavaScript half of storage_indexeddb.cpp (linked with --js-library): the database's
// blocks in IndexedDB.
//
// IndexedDB database "stocktake-storage", version 1:
//   blocks  key: a block's index (a number); value: its bytes (a Uint8Array)
//   meta    key "database": {size, blockCount, blockBytes} of the last save
// Blocks 0 .. blockCount-1 are all present after the first save. Each save is one
// readwrite transaction (changed blocks, blocks past the new end deleted, meta), so a save
// lands whole or not at all.
//
// Earlier versions of the app kept the database with emscripten's IDBFS (IndexedDB database
// "/data", store "FILE_DATA", key the file's path). When the new store is empty and that one
// holds the database, it is loaded from there once; the old database is deleted after the
// first save to the new store has completed.

mergeInto(LibraryManager.library, {
    $stStorage: {
        db: null,
        pending: [],            // [index, Uint8Array] of the save being gathered
        legacyToDelete: false,  // delete the IDBFS database after the next successful save
    },

    // A message for a failed request or transaction, with what to do about a full quota.
    $stStorageError: function(error) {
        var name = error && error.name ? error.name : '';
        var text = String((error && error.message) || error || 'unknown error');
        if (name === 'QuotaExceededError') {
            return 'the browser\'s storage for this site is full (' + text + '). Free space ' +
                'on the device or clear other sites\' data, then make a change to save again';
        }
        return name ? name + ': ' + text : text;
    },

    $stStorageCall__deps: ['$stStringToC', 'free'],
    $stStorageCall: function(callback, error) {
        var message = error ? stStorageError(error) : '';
        var ptr = stStringToC(message);
        {{{ makeDynCall('vii', 'callback') }}}(error ? 1 : 0, ptr);
        _free(ptr);
    },

    // Copies one saved block into the memory VFS; false when the heap cannot take it.
    $stStorageLoadBlock__deps: ['malloc', 'free'],
    $stStorageLoadBlock: function(index, bytes) {
        var ptr = _malloc(Math.max(bytes.length, 1));
        if (!ptr) return false;
        HEAPU8.set(bytes, ptr);  // after _malloc: it may have grown the heap
        var rc = Module['_stocktake_storage_load_block'](index, ptr, bytes.length);
        _free(ptr);
        return rc === 0;
    },

    st_js_storage_load__deps: ['$stStorage', '$stStorageCall', '$stStorageLoadBlock'],
    st_js_storage_load: function(pathPtr, blockBytes, callback) {
        var path = UTF8ToString(pathPtr);
        var finish = function(error) { stStorageCall(callback, error); };
        if (typeof indexedDB == 'undefined' || !indexedDB) {
            finish('IndexedDB is not available in this browser');
            return;
        }
        // Loads blocks [start, count) a batch at a time: one batch's bytes in JavaScript at once.
        function loadBlocks(db, start, count) {
            if (start >= count) {
                finish(null);
                return;
            }
            var end = Math.min(count, start + 256);
            var store = db.transaction('blocks', 'readonly').objectStore('blocks');
            var range = IDBKeyRange.bound(start, end - 1);
            var keys = store.getAllKeys(range);
            var values = store.getAll(range);
            values.onsuccess = function() {
                for (var i = 0; i < values.result.length; i++) {
                    if (!stStorageLoadBlock(keys.result[i], values.result[i])) {
                        finish('not enough memory to load the saved database');
                        return;
                    }
                }
                loadBlocks(db, end, count);
            };
            values.onerror = function() { finish(values.error); };
        }
        function loadLegacy() {
            if (!indexedDB.databases) {
                finish(null);
                return;
            }
            indexedDB.databases().then(function(list) {
                if (!list.some(function(d) { return d.name === '/data'; })) {
                    finish(null);
                    return;
                }
                var open = indexedDB.open('/data');
                open.onerror = function() { finish(open.error); };
                open.onsuccess = function() {
                    var old = open.result;
                    if (!old.objectStoreNames.contains('FILE_DATA')) {
                        old.close();
                        finish(null);
                        return;
                    }
                    var get = old.transaction('FILE_DATA', 'readonly').objectStore('FILE_DATA').get(path);
                    get.onerror = function() { old.close(); finish(get.error); };
                    get.onsuccess = function() {
                        old.close();
                        var contents = get.result && get.result.contents;
                        if (contents && contents.length) {
                            for (var at = 0, index = 0; at < contents.length; at += blockBytes, index++) {
                                if (!stStorageLoadBlock(index, contents.subarray(at, at + blockBytes))) {
                                    finish('not enough memory to load the saved database');
                                    return;
                                }
                            }
                            Module['_stocktake_storage_loaded_whole_file']();
                            stStorage.legacyToDelete = true;
                        }
                        finish(null);
                    };
                };
            }, function() { finish(null); });
        }
        var request;
        try {
            request = indexedDB.open('stocktake-storage', 1);
        } catch (e) {
            finish(e);
            return;
        }
        request.onupgradeneeded = function() {
            request.result.createObjectStore('blocks');
            request.result.createObjectStore('meta');
        };
        request.onerror = function() { finish(request.error); };
        request.onsuccess = function() {
            var db = request.result;
            stStorage.db = db;
            var get = db.transaction('meta', 'readonly').objectStore('meta').get('database');
            get.onerror = function() { finish(get.error); };
            get.onsuccess = function() {
                if (get.result) {
                    loadBlocks(db, 0, get.result.blockCount);
                } else {
                    loadLegacy();
                }
            };
        };
    },

    st_js_storage_save_block__deps: ['$stStorage'],
    st_js_storage_save_block: function(index, ptr, size) {
        stStorage.pending.push([index, HEAPU8.slice(ptr, ptr + size)]);
    },

    st_js_storage_save_commit__deps: ['$stStorage', '$stStorageCall'],
    st_js_storage_save_commit: function(size, blockCount, callback) {
        var blocks = stStorage.pending;
        stStorage.pending = [];
        var finish = function(error) { stStorageCall(callback, error); };
        if (!stStorage.db) {
            finish('browser storage is not open');
            return;
        }
        var tx;
        try {
            // strict: "complete" means on disk, so what the app reports saved is saved.
            tx = stStorage.db.transaction(['blocks', 'meta'], 'readwrite', { durability: 'strict' });
            var store = tx.objectStore('blocks');
            for (var i = 0; i < blocks.length; i++) store.put(blocks[i][1], blocks[i][0]);
            store.delete(IDBKeyRange.lowerBound(blockCount));
            tx.objectStore('meta').put({ size: size, blockCount: blockCount }, 'database');
            // Commit now rather than once every request's success event has been delivered:
            // each of those is a task on this thread, queued behind whole frames, which made
            // a 3-block save take several frames (docs/PERFORMANCE.md, "The browser app").
            if (typeof tx.commit === 'function') tx.commit();
        } catch (e) {
            try { if (tx) tx.abort(); } catch (ignored) { /* already finished */ }
            finish(e);
            return;
        }
        tx.oncomplete = function() {
            if (stStorage.legacyToDelete) {
                stStorage.legacyToDelete = false;
                indexedDB.deleteDatabase('/data');
            }
            finish(null);
        };
        tx.onabort = function() { finish(tx.error || 'the save was aborted'); };
    },
});
