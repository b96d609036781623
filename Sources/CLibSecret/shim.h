#include <dlfcn.h>
#include <libsecret/secret.h>

/// The libsecret and GLib functions regctl calls, found with dlopen when the keyring is
/// first used: commands that never touch the keyring do not load GLib at all.
typedef struct {
#define REGCTL_LIBSECRET_FUNCTIONS(F) \
    F(secret_service_get_sync) F(secret_service_search_sync) F(secret_service_store_sync) \
    F(secret_service_clear_sync) F(secret_service_unlock_sync) F(secret_collection_for_alias_sync) \
    F(secret_collection_get_locked) F(secret_item_get_schema_name) F(secret_item_get_locked) \
    F(secret_item_get_secret) F(secret_item_get_attributes) F(secret_value_new) \
    F(secret_value_get_text) F(secret_value_unref) \
    F(g_object_ref) F(g_object_unref) F(g_cancellable_new) F(g_cancellable_cancel) \
    F(g_error_free) F(g_free) F(g_strdup) F(g_str_hash) F(g_str_equal) \
    F(g_list_append) F(g_list_free) F(g_list_free_full) \
    F(g_hash_table_new_full) F(g_hash_table_insert) F(g_hash_table_lookup) F(g_hash_table_unref)
#define REGCTL_FIELD(name) __typeof__(name) *_Nonnull name;
    REGCTL_LIBSECRET_FUNCTIONS(REGCTL_FIELD)
#undef REGCTL_FIELD
} RegctlLibSecret;

/// Opens libsecret and fills `functions`; returns NULL, or why it could not.
static inline const char *_Nullable regctl_libsecret_open(RegctlLibSecret *_Nonnull functions) {
    void *library = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) { return dlerror(); }
#define REGCTL_LOAD(name) \
    if ((functions->name = (__typeof__(name) *)dlsym(library, #name)) == NULL) { return "it lacks " #name; }
    REGCTL_LIBSECRET_FUNCTIONS(REGCTL_LOAD)
#undef REGCTL_LOAD
    return NULL;
}
