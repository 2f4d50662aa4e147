#include <iostream>
#include <string>

#include <termios.h>
#include <unistd.h>

#include "tally/app/app.hpp"
#include "tally/identity/identity_service.hpp"

#include "cli/commands.hpp"

namespace tally::cli {

namespace {

// One line from stdin, without echo when stdin is a terminal.
std::string read_password() {
    const bool tty = isatty(STDIN_FILENO) == 1;
    termios saved{};
    if (tty) {
        std::cerr << "Password: " << std::flush;
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string password;
    std::getline(std::cin, password);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        std::cerr << "\n";
    }
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

}  // namespace

std::vector<Command> user_commands(CLI::App& cli, CommonOptions& common) {
    auto* user = cli.add_subcommand("user", "Manage users");
    user->require_subcommand(1);
    auto* add = user->add_subcommand("add", "Add a user; the password is read from stdin");
    add_db_option(*add, common);
    struct AddOptions {
        std::string name;
        std::string role;
        std::optional<std::string> warehouse;
    };
    auto options = std::make_shared<AddOptions>();
    add->add_option("NAME", options->name, "User name")->required();
    add->add_option("--role", options->role,
                    "admin, manager, picker, packer, loader, receiver, support or viewer")
        ->required();
    add->add_option("--warehouse", options->warehouse, "Limit the user to one warehouse");
    return {{add, [&common, options] {
                 Services context(resolve_config(common));
                 auto created = context.identity.create_user(identity::Principal::system(),
                                                             {.username = options->name,
                                                              .password = read_password(),
                                                              .role = options->role,
                                                              .warehouse = options->warehouse});
                 if (!created) {
                     throw_error(created.error());
                 }
                 std::cout << "user " << created->username << " added with role "
                           << identity::to_string(created->role) << std::endl;
                 return 0;
             }}};
}

std::vector<Command> token_commands(CLI::App& cli, CommonOptions& common) {
    auto* token = cli.add_subcommand("token", "Manage API tokens");
    token->require_subcommand(1);
    auto* create = token->add_subcommand("create", "Create an API token; prints only the token");
    add_db_option(*create, common);
    struct CreateOptions {
        std::string user;
        std::string name;
    };
    auto options = std::make_shared<CreateOptions>();
    create->add_option("--user", options->user, "Whose token it is")->required();
    create->add_option("--name", options->name, "A label, e.g. the device or script using it");
    return {{create, [&common, options] {
                 Services context(resolve_config(common));
                 auto created = context.identity.create_token(identity::Principal::system(),
                                                              options->user, options->name);
                 if (!created) {
                     throw_error(created.error());
                 }
                 std::cout << created->secret << std::endl;
                 return 0;
             }}};
}

}  // namespace tally::cli
