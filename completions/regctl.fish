function __regctl_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __regctl_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __regctl_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __regctl_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __regctl_parse_tokens -S
    set -l unparsed_tokens (__regctl_tokens -pc)
    switch $unparsed_tokens[1]
    case 'regctl'
        __regctl_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'setup'
            __regctl_parse_subcommand 1 'context=' 'kubeconfig=' 'server=' 'password-stdin' 'certificate-authority=' 'username=' 'ca-file=' 'fingerprint=+' 'yes' 'scope=' 'store=' 'json' 'v/verbose' 'version' 'h/help'
        case 'status'
            __regctl_parse_subcommand -r 1 'offline' 'json' 'v/verbose' 'version' 'h/help'
        case 'trust'
            __regctl_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'install'
                __regctl_parse_subcommand 1 'ca-file=' 'from-server' 'from-cluster' 'context=' 'kubeconfig=' 'fingerprint=+' 'yes' 'scope=' 'os-store' 'json' 'v/verbose' 'version' 'h/help'
            case 'list'
                __regctl_parse_subcommand 0 'scope=' 'json' 'v/verbose' 'version' 'h/help'
            case 'show'
                __regctl_parse_subcommand 1 'scope=' 'json' 'v/verbose' 'version' 'h/help'
            case 'verify'
                __regctl_parse_subcommand 1 'scope=' 'json' 'v/verbose' 'version' 'h/help'
            case 'remove'
                __regctl_parse_subcommand 1 'scope=' 'json' 'v/verbose' 'version' 'h/help'
            case 'bundle'
                __regctl_parse_subcommand 1 'o/output=' 'json' 'v/verbose' 'version' 'h/help'
            end
        case 'login'
            __regctl_parse_subcommand 1 'context=' 'kubeconfig=' 'token-stdin' 'u/username=' 'server=' 'password-stdin' 'certificate-authority=' 'store=' 'yes' 'json' 'v/verbose' 'version' 'h/help'
        case 'logout'
            __regctl_parse_subcommand 1 'all' 'json' 'v/verbose' 'version' 'h/help'
        case 'push'
            __regctl_parse_subcommand -r 2 'engine=' 'v/verbose' 'version' 'h/help'
        case 'pull'
            __regctl_parse_subcommand -r 2 'engine=' 'v/verbose' 'version' 'h/help'
        case 'can-i'
            __regctl_parse_subcommand 2 'json' 'v/verbose' 'version' 'h/help'
        case 'pull-secret'
            __regctl_parse_subcommand 1 'name=' 'namespace=' 'output=' 'service-account=' 'duration=' 'from-login' 'apply' 'link=' 'context=' 'yes' 'v/verbose' 'version' 'h/help'
        case 'help'
            __regctl_parse_subcommand -r 1 'version'
        end
    end
end

function __regctl_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __regctl_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __regctl_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __regctl_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__regctl_tokens -p)
    if test -z "$(__regctl_tokens -t)"
        set -l index (count (__regctl_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'regctl' -f
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'setup' -d 'After `oc login`: find the registry, trust its CA, log in, and check it all, in one command.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'status' -d 'Will a pull work? Trust, credential and wiring of each registry, with the fix for each problem.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'trust' -d 'Install, inspect, verify and remove a registry\'s CA in certs.d.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'login' -d 'Log in to a registry with your OpenShift token, verified before it is saved.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'logout' -d 'Remove every credential podman, skopeo and docker would send for a registry.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'push' -d 'Push an image with podman or docker, after checking trust and login.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'pull' -d 'Pull an image with podman or docker, after checking trust and login.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'can-i' -d 'May you pull or push an image? Asks the cluster what its registry will ask.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'pull-secret' -d 'Make a pull secret for the cluster\'s workloads, holding a service account\'s token.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl setup" -eq 1' -fka '(__regctl_custom_completion ---completion setup -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" context' -l 'context' -d 'The kubeconfig context to use (default: the current context).' -rfka '(__regctl_custom_completion ---completion setup -- --context (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" kubeconfig' -l 'kubeconfig' -d 'The kubeconfig file to read, instead of KUBECONFIG or ~/.kube/config.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" server' -l 'server' -d 'Log in with your user name and password at this API server (as `oc login -u`), without a kubeconfig.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" password-stdin' -l 'password-stdin' -d 'Read the password from standard input: your OpenShift password with --server (else it is asked for at the terminal); with `login -u USER`, the registry account\'s.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" certificate-authority' -l 'certificate-authority' -d 'With --server: a PEM file of the cluster\'s CA.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" username' -l 'username' -d 'With --server: your OpenShift user.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" ca-file' -l 'ca-file' -d 'A PEM bundle of the registry\'s CA, instead of asking the cluster.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup"' -l 'fingerprint' -d 'The SHA-256 fingerprint of a CA certificate to install; one for each certificate of a bundle.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" yes' -l 'yes' -d 'Accept the CA the registry presents without a fingerprint (trust on first use), and replace a different one without asking.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" scope' -l 'scope' -d 'Where to install the CA: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" store' -l 'store' -d 'Where to keep the secret: secret-service (the desktop keyring) or file (unencrypted).' -rfka 'secret-service file'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl setup" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl status" -ge 1' -fka '(__regctl_custom_completion ---completion status -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl status" offline' -l 'offline' -d 'Read local files only; mark what needs the network as unchecked.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl status" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl status" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl status" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'install' -d 'Install a registry\'s CA where podman, skopeo and docker look for it.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'list' -d 'List the registries with a CA in certs.d.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'show' -d 'Show the CA installed for a registry.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'verify' -d 'Check TLS to a registry with exactly the roots each client would use.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'remove' -d 'Remove a registry\'s ca.crt (and its directory when that is then empty), and the CA --os-store added.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust" -eq 1' -fa 'bundle' -d 'Print or write the system\'s CAs plus a registry\'s, for tools that read no certs.d.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust install" -eq 1' -fka '(__regctl_custom_completion ---completion trust install -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" ca-file' -l 'ca-file' -d 'A PEM bundle of the CA certificate(s).' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" from-server' -l 'from-server' -d 'Take the CA from the chain HOST presents.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" from-cluster' -l 'from-cluster' -d 'Take the CA the cluster publishes, else HOST\'s own (confirmed).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" context' -l 'context' -d 'The kubeconfig context to use (default: the current context).' -rfka '(__regctl_custom_completion ---completion trust install -- --context (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" kubeconfig' -l 'kubeconfig' -d 'The kubeconfig file to read, instead of KUBECONFIG or ~/.kube/config.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install"' -l 'fingerprint' -d 'The SHA-256 fingerprint of a CA certificate to install; one for each certificate of a bundle.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" yes' -l 'yes' -d 'Accept the CA the registry presents without a fingerprint (trust on first use), and replace a different one without asking.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" scope' -l 'scope' -d 'Where to install: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" os-store' -l 'os-store' -d 'Also add the CA to the operating system\'s trust store (curl, Go tools); needs root and a yes.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust install" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust list" scope' -l 'scope' -d 'Which certs.d roots to read: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust list" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust list" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust list" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust show" -eq 1' -fka '(__regctl_custom_completion ---completion trust show -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust show" scope' -l 'scope' -d 'Which certs.d roots: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust show" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust show" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust show" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust show" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust verify" -eq 1' -fka '(__regctl_custom_completion ---completion trust verify -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust verify" scope' -l 'scope' -d 'Which certs.d roots: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust verify" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust verify" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust verify" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust verify" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust remove" -eq 1' -fka '(__regctl_custom_completion ---completion trust remove -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust remove" scope' -l 'scope' -d 'Which certs.d roots: user, system or all.' -rfka 'user system all'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust remove" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust remove" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust remove" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl trust bundle" -eq 1' -fka '(__regctl_custom_completion ---completion trust bundle -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust bundle" o output' -l 'output' -s 'o' -d 'Write the bundle to FILE instead of standard output.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust bundle" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust bundle" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust bundle" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl trust bundle" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl login" -eq 1' -fka '(__regctl_custom_completion ---completion login -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" context' -l 'context' -d 'The kubeconfig context to use (default: the current context).' -rfka '(__regctl_custom_completion ---completion login -- --context (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" kubeconfig' -l 'kubeconfig' -d 'The kubeconfig file to read, instead of KUBECONFIG or ~/.kube/config.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" token-stdin' -l 'token-stdin' -d 'Read the token from standard input.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" u username' -l 'username' -s 'u' -d 'With --server: your OpenShift user. Else: the registry user name (default: your OpenShift user, else \'openshift\').' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" server' -l 'server' -d 'Log in with your user name and password at this API server (as `oc login -u`), without a kubeconfig.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" password-stdin' -l 'password-stdin' -d 'Read the password from standard input: your OpenShift password with --server (else it is asked for at the terminal); with `login -u USER`, the registry account\'s.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" certificate-authority' -l 'certificate-authority' -d 'With --server: a PEM file of the cluster\'s CA.' -rF
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" store' -l 'store' -d 'Where to keep the secret: secret-service (the desktop keyring) or file (unencrypted).' -rfka 'secret-service file'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" yes' -l 'yes' -d 'Send your cluster token even to a registry the cluster does not name as its own, without asking.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl logout" -eq 1' -fka '(__regctl_custom_completion ---completion logout -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl logout" all' -l 'all' -d 'Log out of every registry regctl manages.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl logout" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl logout" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl logout" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl push" -eq 1' -fka '(__regctl_custom_completion ---completion push -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl push" engine' -l 'engine' -d 'podman or docker (default: REGCTL_ENGINE, regctl\'s config, else the first on PATH).' -rfka 'podman docker'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl push" v verbose' -l 'verbose' -s 'v' -d 'Log the pre-flight steps to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl push" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl push" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl pull" -eq 1' -fka '(__regctl_custom_completion ---completion pull -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull" engine' -l 'engine' -d 'podman or docker (default: REGCTL_ENGINE, regctl\'s config, else the first on PATH).' -rfka 'podman docker'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull" v verbose' -l 'verbose' -s 'v' -d 'Log the pre-flight steps to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl can-i" -eq 1' -fka 'push pull'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl can-i" -eq 2' -fka '(__regctl_custom_completion ---completion can-i -- positional@1 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl can-i" json' -l 'json' -d 'Print one JSON document on stdout instead of text.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl can-i" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl can-i" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl can-i" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_positional "regctl pull-secret" -eq 1' -fka '(__regctl_custom_completion ---completion pull-secret -- positional@0 (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" name' -l 'name' -d 'The Secret\'s name (default: the host\'s name with -pull).' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" namespace' -l 'namespace' -d 'The Secret\'s namespace (default: the namespace of the login\'s kubeconfig context).' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" output' -l 'output' -d 'How to print the Secret: yaml or json.' -rfka 'yaml json'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" service-account' -l 'service-account' -d 'The service account whose token the secret holds (default: default).' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" duration' -l 'duration' -d 'How long the service account\'s token should last, as 8760h, 30d or 1d12h (default: 365d).' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" from-login' -l 'from-login' -d 'Put your own credential in the secret (the one podman uses), with all your rights.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" apply' -l 'apply' -d 'Create the Secret in the cluster, or update it in place, instead of printing it.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" link' -l 'link' -d 'With --apply: add the Secret to this service account\'s imagePullSecrets.' -rfka ''
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" context' -l 'context' -d 'The kubeconfig context whose cluster mints the token and takes the Secret (default: the one the login is bound to).' -rfka '(__regctl_custom_completion ---completion pull-secret -- --context (count (__regctl_tokens -pc)) (__regctl_tokens -tC))'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" yes' -l 'yes' -d 'With --context: use its cluster even when it does not name HOST as its registry.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" v verbose' -l 'verbose' -s 'v' -d 'Log each step to stderr (secrets are always redacted).'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" version' -l 'version' -d 'Show the version.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl pull-secret" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'regctl' -n '__regctl_should_offer_completions_for_flags_or_options "regctl help" version' -l 'version' -d 'Show the version.'
