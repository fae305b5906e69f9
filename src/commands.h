/*
 * commands.h - the subcommands of the negraph binary, one file each
 * (src/cmd_NAME.c), dispatched by main.c. Each takes the arguments after
 * the subcommand name (argv[0] is the subcommand) and returns the exit code.
 * Subcommands print; the core library does not.
 */
#ifndef NG_COMMANDS_H
#define NG_COMMANDS_H

int cmd_build(int argc, char **argv);
int cmd_tag(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_merge(int argc, char **argv);

#endif
