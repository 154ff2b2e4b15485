global using System.Security.Cryptography.X509Certificates;
