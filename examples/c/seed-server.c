#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

int main() {
    int sockfd = socket(AF_INET, SOCK_STREAM, 0); // 시스템 호출 (syscall)
    struct sockaddr_in server;
    server.sin_family = AF_INET;
    server.sin_addr.s_addr = INADDR_ANY;
    server.sin_port = htons(8080);

    bind(sockfd, (struct sockaddr*)&server, sizeof(server)); // 시스템 호출 (syscall)
    listen(sockfd, 5); // 시스템 호출 (syscall)
    
    int clientfd = accept(sockfd, NULL, NULL); // 시스템 호출 (syscall)
    char buffer[1024];
    read(clientfd, buffer, sizeof(buffer)); // 시스템 호출 (syscall)
    write(clientfd, "Hello", 5); // 시스템 호출 (syscall)

    close(sockfd); // 시스템 호출 (syscall)
    return 0;
}
