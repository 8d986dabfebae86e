// hello-server: the seed's C program, as written. One connection: socket →
// bind(INADDR_ANY:8080) → listen(5) → accept → read(1024) → write "Hello" →
// close. Its syscalls are exactly socket, bind, listen, accept, read, write,
// close and the exit_group of returning from main.
//
//   int sockfd = socket(AF_INET, SOCK_STREAM, 0);
//   bind(sockfd, (struct sockaddr*)&server, sizeof(server));
//   listen(sockfd, 5);
//   int clientfd = accept(sockfd, NULL, NULL);
//   char buffer[1024];
//   read(clientfd, buffer, sizeof(buffer));
//   write(clientfd, "Hello", 5);
//   close(sockfd);
//   return 0;
import { cProgram, NULL } from '../../libc/libc.ts';
import { AF_INET, SOCK_STREAM, INADDR_ANY } from '../../kernel/uapi/index.ts';

export default cProgram('hello-server', function* main(c, argv) {
  const port = Number(argv[1] ?? 8080);
  const sockfd = yield* c.socket(AF_INET, SOCK_STREAM, 0);
  yield* c.bind(sockfd, { addr: INADDR_ANY, port });
  yield* c.listen(sockfd, 5);
  const clientfd = yield* c.accept(sockfd, NULL, NULL);
  const buffer = c.scratch - 2048; // char buffer[1024], in main's stack frame
  yield* c.read(clientfd, buffer, 1024);
  yield* c.write(clientfd, 'Hello', 5);
  yield* c.close(sockfd);
  return 0;
});
